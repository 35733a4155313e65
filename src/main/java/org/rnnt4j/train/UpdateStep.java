package org.rnnt4j.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.Features;
import org.rnnt4j.model.Targets;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.ExponentialMovingAverage;
import org.rnnt4j.optim.GradientClipping;
import org.rnnt4j.optim.LossScaler;

/**
 * One optimizer update over a group of micro-batches ({@code gradient_accumulation_steps}): each batch's
 * forward and backward pass adds to the gradients ({@link #accumulate}); {@link #finish} then averages
 * them over the group (the sum of the batches' gradients divided by their count, which is Hugging Face's
 * {@code loss / gradient_accumulation_steps} up to rounding, the last group of an epoch being as large as
 * what is left, as in HF), checks them, clips the global norm and steps the optimizer and the moving
 * average. A group with a non-finite loss or gradient changes nothing ({@link BadSteps}). Every batch runs
 * inside a {@link TensorScope}, so native memory is released batch by batch.
 */
final class UpdateStep {
  /**
   * @param loss the mean loss of the group's batches (NaN when skipped)
   * @param gradNorm the global gradient norm before clipping (NaN when skipped)
   * @param skipReason why the update was skipped as a bad step, or null
   * @param overflow the loss scaler skipped it (not a bad step)
   * @param ids the utterances of the group, for the log of a skipped update
   */
  record Result(double loss, double gradNorm, String skipReason, boolean overflow, List<String> ids) {
    boolean bad() {
      return skipReason != null;
    }
  }

  private final Transducer model;
  private final TransducerObjective objective;
  private final Device device;
  private final AdamW optimizer;
  private final Collection<Tensor> parameters;
  private final double maxGradNorm;
  private final LossScaler scaler;
  private final ExponentialMovingAverage ema;
  private double lossSum;
  private int batches;
  private final List<String> ids = new ArrayList<>();
  private final List<String> nonFinite = new ArrayList<>();

  /**
   * @param parameters every parameter the optimizer updates (the model's and the objective's): they are
   *     clipped together
   * @param ema updated after each applied update, or null
   */
  UpdateStep(
      Transducer model, TransducerObjective objective, Device device, AdamW optimizer, Collection<Tensor> parameters,
      double maxGradNorm, LossScaler scaler, ExponentialMovingAverage ema) {
    this.model = model;
    this.objective = objective;
    this.device = device;
    this.optimizer = optimizer;
    this.parameters = List.copyOf(parameters);
    this.maxGradNorm = maxGradNorm;
    this.scaler = scaler;
    this.ema = ema;
  }

  /**
   * Forward and backward pass of one batch of the group. Every batch runs, also after a non-finite one,
   * so the random draws of a group do not depend on its losses.
   *
   * @param globalStep updates done so far (the pruned loss's warm-up reads it)
   */
  void accumulate(Batch.Host host, long globalStep) {
    List<String> batchIds = host.examples().stream().map(Example::id).toList();
    ids.addAll(batchIds);
    batches++;
    try (TensorScope scope = new TensorScope()) {
      Batch batch = host.toDevice(device);
      Features features = model.features(batch.audio(), batch.audioLengths()); // (B, D, T_feat)
      Encoded encoded = model.transcribe(features); // (B, H, T)
      Tensor predicted = model.predict(batch.labels()); // (B, H, U+1)
      // The objective runs the joint's backward itself; value.loss() carries it on into the encoder.
      TransducerObjective.Value value =
          objective.compute(encoded, predicted, new Targets(batch.labels(), batch.labelLengths()), globalStep);
      if (!Double.isFinite(value.value())) {
        nonFinite.add("loss " + value.value() + " on " + batchIds);
        return; // the gradients are cleared in finish
      }
      value.loss().backward();
      lossSum += value.value();
    }
  }

  /** Applies (or skips) the update of the batches accumulated since the last call, at learning rate {@code lr}. */
  Result finish(double lr) {
    // Clipping, the optimizer and the scaler make temporaries (norms, moments' updates) every update.
    try (TensorScope scope = new TensorScope()) {
      List<String> group = List.copyOf(ids);
      if (!nonFinite.isEmpty()) {
        optimizer.zeroGrad();
        return new Result(Double.NaN, Double.NaN, "non-finite loss (" + String.join("; ", nonFinite) + ")", false, group);
      }
      if (batches > 1) {
        GradientClipping.scale(parameters, 1.0 / batches);
      }
      if (!scaler.unscale(parameters)) {
        optimizer.zeroGrad();
        scaler.update(true);
        return new Result(Double.NaN, Double.NaN, null, true, group);
      }
      double norm = GradientClipping.clip(parameters, maxGradNorm);
      if (!Double.isFinite(norm)) {
        optimizer.zeroGrad();
        return new Result(Double.NaN, norm, "non-finite gradient norm " + norm, false, group);
      }
      optimizer.step(lr);
      optimizer.zeroGrad();
      scaler.update(false);
      if (ema != null) {
        ema.update();
      }
      return new Result(lossSum / batches, norm, null, false, group);
    } finally {
      lossSum = 0;
      batches = 0;
      ids.clear();
      nonFinite.clear();
    }
  }
}

package org.rnnt4j.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Logger;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.distributed.DataParallel;
import org.rnnt4j.engine.Autocast;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.Features;
import org.rnnt4j.model.Targets;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.optim.ExponentialMovingAverage;
import org.rnnt4j.optim.GradientClipping;
import org.rnnt4j.optim.LossScaler;
import org.rnnt4j.optim.Optimizer;

/**
 * One optimizer update over a group of micro-batches ({@code gradient_accumulation_steps}): each batch's
 * forward and backward pass adds to the gradients ({@link #accumulate}); {@link #finish} then averages
 * them over the group (the sum of the batches' gradients divided by their count, which is Hugging Face's
 * {@code loss / gradient_accumulation_steps} up to rounding, the last group of an epoch being as large as
 * what is left, as in HF), checks them, clips the global norm and steps the optimizer and the moving
 * average. A group with a non-finite loss or gradient changes nothing ({@link BadSteps}). Every batch runs
 * inside a {@link TensorScope}, so native memory is released batch by batch. With several data-parallel
 * ranks ({@link DataParallel}), the gradients are averaged over every rank's micro-batches before the
 * check, and the loss and the skip decision are the ranks' too, so every rank applies the same update.
 */
final class UpdateStep {
  private static final Logger LOG = Logger.getLogger(UpdateStep.class.getName());

  /**
   * @param loss the mean loss of the group's batches (NaN when skipped as a bad step; an overflow's is
   *     finite)
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
  private final Optimizer optimizer;
  private final List<Tensor> parameters;
  private final double maxGradNorm;
  private final LossScaler scaler;
  private final MixedPrecision precision;
  private final ExponentialMovingAverage ema;
  private final DataParallel parallel;
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
      Transducer model, TransducerObjective objective, Device device, Optimizer optimizer, Collection<Tensor> parameters,
      double maxGradNorm, LossScaler scaler, ExponentialMovingAverage ema) {
    this(model, objective, device, optimizer, parameters, maxGradNorm, scaler, ema, MixedPrecision.NO, DataParallel.single());
  }

  /** One process, in {@code precision}. */
  UpdateStep(
      Transducer model, TransducerObjective objective, Device device, Optimizer optimizer, Collection<Tensor> parameters,
      double maxGradNorm, LossScaler scaler, ExponentialMovingAverage ema, MixedPrecision precision) {
    this(model, objective, device, optimizer, parameters, maxGradNorm, scaler, ema, precision, DataParallel.single());
  }

  /** In float32, one rank of {@code parallel}. */
  UpdateStep(
      Transducer model, TransducerObjective objective, Device device, Optimizer optimizer, Collection<Tensor> parameters,
      double maxGradNorm, LossScaler scaler, ExponentialMovingAverage ema, DataParallel parallel) {
    this(model, objective, device, optimizer, parameters, maxGradNorm, scaler, ema, MixedPrecision.NO, parallel);
  }

  /**
   * @param scaler multiplies the backward pass's gradients and divides them back before clipping ({@code
   *     --fp16}'s), or {@link LossScaler#NONE}
   * @param precision autocast of the forward pass (encoder, prediction network, joint)
   * @param parallel the data-parallel ranks this update is one rank of: gradients and losses are reduced over them
   */
  UpdateStep(
      Transducer model, TransducerObjective objective, Device device, Optimizer optimizer, Collection<Tensor> parameters,
      double maxGradNorm, LossScaler scaler, ExponentialMovingAverage ema, MixedPrecision precision,
      DataParallel parallel) {
    this.parallel = parallel;
    this.precision = precision;
    this.model = model;
    this.objective = objective;
    this.device = device;
    this.optimizer = optimizer;
    this.parameters = List.copyOf(parameters); // one order on every rank: the gradient buckets follow it
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
      Features features = model.features(batch.audio(), batch.audioLengths()); // (B, D, T_feat), float32
      TransducerObjective.Value value;
      try (Autocast autocast = precision.enter(device)) { // null (no scope) in float32
        Encoded encoded = model.transcribe(features); // (B, H, T)
        Tensor predicted = model.predict(batch.labels()); // (B, H, U+1)
        // The objective runs the joint's backward itself (its loss in float32, gradients times the
        // scale); value.loss() carries it on into the encoder, outside autocast, as PyTorch advises.
        value =
            objective.compute(
                encoded, predicted, new Targets(batch.labels(), batch.labelLengths()), globalStep, scaler.scale());
      }
      if (!Double.isFinite(value.value())) {
        nonFinite.add("loss " + value.value() + " on " + batchIds);
        if (!parallel.isDistributed()) {
          return; // the gradients are cleared in finish
        }
        // the other ranks' backward passes may wait on this one's (synchronised BatchNorm): run it anyway
      }
      value.loss().backward();
      lossSum += Double.isFinite(value.value()) ? value.value() : 0;
    }
  }

  /** Applies (or skips) the update of the batches accumulated since the last call, at learning rate {@code lr}. */
  Result finish(double lr) {
    // Clipping, the optimizer and the scaler make temporaries (norms, moments' updates) every update.
    try (TensorScope scope = new TensorScope()) {
      List<String> group = List.copyOf(ids);
      int count = batches;
      if (parallel.isDistributed()) {
        // every rank takes the same decision: skip when any rank saw a non-finite loss
        double[] global = parallel.sum(new double[] {lossSum, batches, nonFinite.isEmpty() ? 0 : 1}, device);
        if (global[2] > 0 && nonFinite.isEmpty()) {
          nonFinite.add("a non-finite loss on another rank");
        }
        lossSum = global[0];
        count = (int) Math.round(global[1]);
      }
      if (!nonFinite.isEmpty()) {
        optimizer.zeroGrad();
        return new Result(Double.NaN, Double.NaN, "non-finite loss (" + String.join("; ", nonFinite) + ")", false, group);
      }
      if (parallel.isDistributed()) {
        try (NoGrad ignored = new NoGrad()) {
          parallel.reduceGradients(parameters, count); // the mean over all ranks' micro-batches
        }
      } else if (batches > 1) {
        GradientClipping.scale(parameters, 1.0 / batches);
      }
      if (!scaler.unscale(parameters)) { // the same on every rank: the gradients are reduced already
        optimizer.zeroGrad();
        LOG.info("loss scaler: inf or NaN in the gradients at scale " + scaler.scale() + ", update skipped");
        scaler.update(true);
        return new Result(lossSum / count, Double.NaN, null, true, group);
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
      return new Result(lossSum / count, norm, null, false, group);
    } finally {
      lossSum = 0;
      batches = 0;
      ids.clear();
      nonFinite.clear();
    }
  }
}

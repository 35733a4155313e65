package org.rnnt4j.bench;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rnnt4j.bench.StageClock.Stage;
import org.rnnt4j.engine.Autocast;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.Features;
import org.rnnt4j.model.Targets;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.GradientClipping;

/**
 * One training step as {@code Trainer.trainStep} runs it (features with dither, SpecAugment, encoder,
 * prediction network, the objective's joint + loss + joint backward, backward, gradient clipping, AdamW,
 * gradient reset), split into the stages that {@link StageClock} times. Kept beside the trainer rather
 * than hooked into it: the trainer stays free of timing code, and this copy is a dozen lines of the
 * model's verbs. With bf16, the encoder, prediction network and joint run under {@link Autocast}
 * (bfloat16); the features and SpecAugment stay float32, as NeMo's preprocessor does under autocast.
 */
final class TrainStep {
  private final Transducer model;
  private final TransducerObjective objective;
  private final AdamW optimizer;
  private final Device device;
  private final double learningRate;
  private final double maxGradNorm;
  private final boolean bf16;
  private long steps;

  /**
   * @param maxGradNorm clipping threshold ({@code max_grad_norm}); {@code <= 0} measures the norm only
   */
  TrainStep(
      Transducer model, TransducerObjective objective, Device device, double learningRate,
      double weightDecay, double maxGradNorm, boolean bf16) {
    this.model = model;
    this.objective = objective;
    this.device = device;
    this.learningRate = learningRate;
    this.maxGradNorm = maxGradNorm;
    this.bf16 = bf16;
    this.optimizer = optimizer(model, objective, weightDecay);
  }

  /** AdamW(betas 0.9, 0.98, eps 1e-8) as the peer's; no decay on biases and norms, as the trainer's. */
  private static AdamW optimizer(Transducer model, TransducerObjective objective, double weightDecay) {
    Map<String, Tensor> params = new LinkedHashMap<>(model.namedParameters());
    params.putAll(objective.parameters());
    Set<String> decayed = new HashSet<>();
    for (String name : params.keySet()) {
      if (!name.endsWith("bias") && !name.contains("norm")) {
        decayed.add(name);
      }
    }
    return new AdamW(params, decayed, 0.9, 0.98, 1e-8, weightDecay);
  }

  /**
   * What a step returns.
   *
   * @param loss the reduced loss
   * @param encodedLengths the encoder's output lengths (B), or null when not asked for
   * @param jointShape the full joint's shape (B, T, U+1, V)
   */
  record Result(double loss, long[] encodedLengths, long[] jointShape) {}

  /**
   * Runs one step, marking each stage on {@code clock}; every tensor of the step is freed on return.
   *
   * @param describe also read the encoder's output lengths (one more wait for the device)
   */
  Result run(SyntheticBatch batch, StageClock clock, boolean describe) {
    try (TensorScope scope = new TensorScope()) {
      SyntheticBatch.Tensors in = batch.toDevice(device);
      clock.end(Stage.DATA);
      Features raw = model.preprocessor().forward(in.audio(), in.audioLengths()); // (B, D, T_feat)
      clock.end(Stage.FEATURES);
      Features features =
          new Features(model.specAugment().forward(raw.values(), raw.lengths()), raw.lengths());
      clock.end(Stage.SPEC_AUGMENT);
      TransducerObjective.Value value;
      Encoded encoded;
      try (Autocast ignored = bf16 ? Autocast.enable(device, DType.BFLOAT16) : null) {
        encoded = model.transcribe(features); // (B, H_enc, T)
        clock.end(Stage.ENCODER);
        Tensor predicted = model.predict(in.labels()); // (B, H_pred, U+1)
        clock.end(Stage.PREDICTION);
        value =
            objective.compute(encoded, predicted, new Targets(in.labels(), in.labelLengths()), steps);
        clock.end(Stage.JOINT_LOSS);
      }
      value.loss().backward();
      clock.end(Stage.BACKWARD);
      GradientClipping.clip(model.parameters(), maxGradNorm);
      clock.end(Stage.CLIPPING);
      optimizer.step(learningRate);
      optimizer.zeroGrad();
      clock.end(Stage.OPTIMIZER);
      steps++;
      long[] jointShape = {
        batch.shape().batch(), encoded.values().size(2), batch.shape().labels() + 1,
        model.joint().numClassesWithBlank()
      };
      return new Result(value.value(), describe ? encoded.lengths().toLongArray() : null, jointShape);
    }
  }
}

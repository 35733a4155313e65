package org.rnnt4j.bench;

import java.util.Arrays;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;

/**
 * Wall time per stage of a training step, for {@code bench train --profile}: each {@link #end} waits for
 * the device ({@link Engine#synchronize}; a CUDA device runs queued work asynchronously, so without it a
 * stage's time would land in whichever later stage first waits) and charges the time since the previous
 * mark to the stage. Without profiling, marks cost nothing and nothing waits, so that the step's time is
 * the time training takes.
 */
final class StageClock {
  /** The stages of a step, in order, under their JSON names. */
  enum Stage {
    /** The host batch copied into tensors on the model's device (the bench has no loader to wait for). */
    DATA("data"),
    /** NeMo's log-mel preprocessor, with dither. */
    FEATURES("features"),
    SPEC_AUGMENT("spec_augment"),
    ENCODER("encoder_forward"),
    /** The prediction network over the labels (the LSTM). */
    PREDICTION("prediction_forward"),
    /** The joint's forward, the loss and the joint's backward (the objective runs all three). */
    JOINT_LOSS("joint_loss"),
    /** Backward from the joint's inputs through the encoder and the prediction network. */
    BACKWARD("backward"),
    CLIPPING("clipping"),
    OPTIMIZER("optimizer");

    final String jsonName;

    Stage(String jsonName) {
      this.jsonName = jsonName;
    }
  }

  private final boolean profiling;
  private final Device device;
  private final double[] stageMs = new double[Stage.values().length];
  private long last;

  StageClock(boolean profiling, Device device) {
    this.profiling = profiling;
    this.device = device;
  }

  boolean profiling() {
    return profiling;
  }

  /** Starts a step: clears the stages and marks now. */
  void start() {
    Arrays.fill(stageMs, 0);
    if (profiling) {
      Engine.synchronize(device);
    }
    last = System.nanoTime();
  }

  /** Charges the time since the last mark to {@code stage} (profiling only). */
  void end(Stage stage) {
    if (!profiling) {
      return;
    }
    Engine.synchronize(device);
    long now = System.nanoTime();
    stageMs[stage.ordinal()] += (now - last) / 1e6;
    last = now;
  }

  /** Milliseconds per stage of the step since {@link #start}, indexed by ordinal (zeros without profiling). */
  double[] stageMs() {
    return stageMs.clone();
  }
}

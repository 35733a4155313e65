package org.rnnt4j.train;

import java.util.Map;

/**
 * Side effects of training (console logging, progress, TensorBoard, curves, checkpoints): called by the
 * loop, never consulted for results. The hooks are Hugging Face's {@code TrainerCallback} events.
 */
public interface TrainingListener {
  /** Training starts: {@link TrainerState#maxSteps()} is known, {@link TrainerState#globalStep()} is where it starts. */
  default void onTrainBegin(TrainerState state) {}

  /** An optimizer step finished (or was skipped for a non-finite loss). */
  default void onStepEnd(TrainerState state, StepReport step) {}

  /** A log entry was appended to the state's history. */
  default void onLog(TrainerState state, Map<String, Object> entry) {}

  /** An evaluation during training finished ({@code eval_wer}, {@code eval_cer}, ...). */
  default void onEvaluate(TrainerState state, Map<String, Object> metrics) {}

  /**
   * The save strategy ({@code --save_strategy}, {@code --save_steps}) says to save now, after the step's
   * evaluation if there was one ({@link CheckpointListener} writes {@code checkpoint-N/}).
   */
  default void onSave(TrainerState state, SavePoint point) {}

  /** Training ended (the train metrics are logged); the final model is not saved yet. */
  default void onTrainEnd(TrainerState state) {}

  /**
   * What one step did.
   *
   * @param loss the batch's training loss (NaN or infinite when the update was skipped)
   * @param learningRate the rate the step used
   * @param gradNorm the global gradient norm before clipping (NaN when skipped)
   */
  record StepReport(double loss, double learningRate, double gradNorm) {}
}

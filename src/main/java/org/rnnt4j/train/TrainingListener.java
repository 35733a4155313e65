package org.rnnt4j.train;

import java.util.Map;

/** Side effects of training (console logging, progress, checkpoints): called by the loop, never consulted for results. */
public interface TrainingListener {
  /** A log entry was appended to the state's history. */
  default void onLog(TrainerState state, Map<String, Object> entry) {}

  /** An evaluation during training finished ({@code eval_wer}, {@code eval_cer}, ...). */
  default void onEvaluate(TrainerState state, Map<String, Object> metrics) {}

  /**
   * The save strategy ({@code --save_strategy}, {@code --save_steps}) says to save now, after the step's
   * evaluation if there was one ({@link CheckpointListener} writes {@code checkpoint-N/}).
   */
  default void onSave(TrainerState state, SavePoint point) {}
}

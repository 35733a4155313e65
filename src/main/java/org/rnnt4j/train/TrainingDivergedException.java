package org.rnnt4j.train;

/**
 * Training stopped because too many updates in a row were skipped for a non-finite loss or gradient
 * ({@code --max_consecutive_bad_steps}): the weights are left as the last good update made them, and the
 * message names the steps and the file listing their utterances.
 */
public final class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(String message) {
    super(message);
  }
}

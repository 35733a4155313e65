package org.rnnt4j.train;

/**
 * The training loss as Hugging Face's Trainer accumulates it: the sum of update losses since the last
 * log ({@code tr_loss}), logged as their mean over the updates since then, and folded into a running
 * total ({@code _total_loss_scalar}) that gives {@code train_loss = total / global_step}. A skipped
 * (non-finite) update adds the mean so far instead, HF's {@code logging_nan_inf_filter}. All of it is
 * saved in checkpoints, so a resumed run logs what an uninterrupted one would (HF restarts these sums at
 * a resume).
 */
final class LossTracker {
  private double sinceLog;
  private long lastLoggedStep;
  private double total;

  /** @param lastLoggedStep the global step of the last log, where the current window starts */
  LossTracker(double sinceLog, long lastLoggedStep, double total) {
    this.sinceLog = sinceLog;
    this.lastLoggedStep = lastLoggedStep;
    this.total = total;
  }

  /** Adds the loss of the update that makes global step {@code step}. */
  void add(double loss) {
    sinceLog += loss;
  }

  /** A skipped update at global step {@code step} (1-based): counts as the mean so far in its window. */
  void addSkipped(long step) {
    sinceLog += sinceLog / (step - lastLoggedStep);
  }

  /** The mean loss of the window ending at {@code step}; starts the next window. */
  double takeLogValue(long step) {
    double mean = sinceLog / Math.max(1, step - lastLoggedStep);
    total += sinceLog;
    sinceLog = 0;
    lastLoggedStep = step;
    return mean;
  }

  /** HF's {@code train_loss} after {@code step} updates. */
  double trainLoss(long step) {
    return (total + sinceLog) / Math.max(step, 0.001);
  }

  double sinceLog() {
    return sinceLog;
  }

  long lastLoggedStep() {
    return lastLoggedStep;
  }

  double total() {
    return total;
  }
}

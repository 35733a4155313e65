package org.rnnt4j.optim;

import org.rnnt4j.util.Checks;

/**
 * Hugging Face's {@code get_linear_schedule_with_warmup}: the learning rate rises linearly from 0 over
 * {@code warmupSteps}, then falls linearly to 0 at {@code totalSteps}.
 */
public record LinearSchedule(double peakLr, long warmupSteps, long totalSteps) {
  public LinearSchedule {
    Checks.argument(peakLr >= 0, "learning rate must be >= 0, got %s", peakLr);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
    Checks.argument(totalSteps >= 1, "total steps must be >= 1, got %s", totalSteps);
  }

  /** The learning rate used for the update after {@code step} completed updates (0-based). */
  public double lr(long step) {
    if (step < warmupSteps) {
      return peakLr * step / Math.max(1, warmupSteps);
    }
    return peakLr * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  }
}

package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * Hugging Face's {@code get_cosine_with_hard_restarts_schedule_with_warmup} ({@code
 * cosine_with_restarts}): linear warm-up, then {@code numCycles} half cosines from the peak to 0, each
 * restarting at the peak; 0 from {@code totalSteps} on.
 */
public record CosineWithRestartsSchedule(double peakLr, long warmupSteps, long totalSteps, double numCycles)
    implements LrSchedule {
  /** HF's default {@code num_cycles}. */
  public static final double DEFAULT_CYCLES = 1;

  public CosineWithRestartsSchedule {
    Checks.argument(peakLr >= 0, "learning rate must be >= 0, got %s", peakLr);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
    Checks.argument(totalSteps >= 1, "total steps must be >= 1, got %s", totalSteps);
  }

  @Override
  public double lr(long step) {
    if (step < warmupSteps) {
      return peakLr * LrSchedule.warmupFactor(step, warmupSteps);
    }
    double progress = (double) (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
    if (progress >= 1.0) {
      return peakLr * 0.0;
    }
    // Python's % on non-negative floats is Java's %
    return peakLr * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * ((numCycles * progress) % 1.0))));
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.COSINE_WITH_RESTARTS;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("peak_lr", peakLr);
    m.put("warmup_steps", warmupSteps);
    m.put("total_steps", totalSteps);
    m.put("num_cycles", numCycles);
    return m;
  }
}

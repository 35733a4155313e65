package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * Hugging Face's {@code get_constant_schedule_with_warmup} ({@code constant_with_warmup}): linear
 * warm-up from 0, then the peak rate.
 */
public record ConstantWithWarmupSchedule(double peakLr, long warmupSteps) implements LrSchedule {
  public ConstantWithWarmupSchedule {
    Checks.argument(peakLr >= 0, "learning rate must be >= 0, got %s", peakLr);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
  }

  @Override
  public double lr(long step) {
    // HF divides by max(1.0, warmup) here, which is the same double as the other schedules' max(1, warmup)
    return step < warmupSteps ? peakLr * LrSchedule.warmupFactor(step, warmupSteps) : peakLr * 1.0;
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.CONSTANT_WITH_WARMUP;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("peak_lr", peakLr);
    m.put("warmup_steps", warmupSteps);
    return m;
  }
}

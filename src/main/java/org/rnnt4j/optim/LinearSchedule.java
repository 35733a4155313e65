package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * Hugging Face's {@code get_linear_schedule_with_warmup} ({@code linear}): the learning rate rises
 * linearly from 0 over {@code warmupSteps}, then falls linearly to 0 at {@code totalSteps}. As {@code
 * LambdaLR}, the rate is {@code peakLr} times the schedule's factor, computed in that order.
 */
public record LinearSchedule(double peakLr, long warmupSteps, long totalSteps) implements LrSchedule {
  public LinearSchedule {
    Checks.argument(peakLr >= 0, "learning rate must be >= 0, got %s", peakLr);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
    Checks.argument(totalSteps >= 1, "total steps must be >= 1, got %s", totalSteps);
  }

  @Override
  public double lr(long step) {
    if (step < warmupSteps) {
      return peakLr * LrSchedule.warmupFactor(step, warmupSteps);
    }
    return peakLr * Math.max(0.0, (double) (totalSteps - step) / (double) Math.max(1, totalSteps - warmupSteps));
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.LINEAR;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("peak_lr", peakLr);
    m.put("warmup_steps", warmupSteps);
    m.put("total_steps", totalSteps);
    return m;
  }
}

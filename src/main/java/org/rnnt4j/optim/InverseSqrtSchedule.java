package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * Hugging Face's {@code get_inverse_sqrt_schedule} ({@code inverse_sqrt}): linear warm-up, then the peak
 * times {@code 1 / sqrt((step + timescale - warmup) / timescale)}.
 *
 * @param timescale HF's {@code timescale}; its default is the warm-up, or 10,000 without one ({@link
 *     #defaultTimescale})
 */
public record InverseSqrtSchedule(double peakLr, long warmupSteps, long timescale) implements LrSchedule {
  public InverseSqrtSchedule {
    Checks.argument(peakLr >= 0, "learning rate must be >= 0, got %s", peakLr);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
    Checks.argument(timescale >= 1, "timescale must be >= 1, got %s", timescale);
  }

  /** HF's default: {@code num_warmup_steps or 10_000}. */
  public static long defaultTimescale(long warmupSteps) {
    return warmupSteps != 0 ? warmupSteps : 10_000;
  }

  @Override
  public double lr(long step) {
    if (step < warmupSteps) {
      return peakLr * LrSchedule.warmupFactor(step, warmupSteps);
    }
    long shift = timescale - warmupSteps;
    return peakLr * (1.0 / Math.sqrt((double) (step + shift) / (double) timescale));
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.INVERSE_SQRT;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("peak_lr", peakLr);
    m.put("warmup_steps", warmupSteps);
    m.put("timescale", timescale);
    return m;
  }
}

package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * Hugging Face's {@code get_polynomial_decay_schedule_with_warmup} ({@code polynomial}): linear warm-up,
 * then a decay from the peak to {@code lrEnd} at {@code totalSteps} as the {@code power}-th power of the
 * remaining fraction, and {@code lrEnd} after. As HF, the factor is the decayed rate divided by the peak,
 * and the rate is the peak times that factor.
 *
 * @param lrEnd HF's {@code lr_end} (1e-7); must be below the peak, as HF requires
 * @param power HF's {@code power} (1.0: linear)
 */
public record PolynomialSchedule(double peakLr, long warmupSteps, long totalSteps, double lrEnd, double power)
    implements LrSchedule {
  public static final double DEFAULT_LR_END = 1e-7;
  public static final double DEFAULT_POWER = 1.0;

  public PolynomialSchedule {
    Checks.argument(peakLr > lrEnd, "lr_end (%s) must be smaller than the initial learning rate (%s)", lrEnd, peakLr);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
    Checks.argument(totalSteps >= 1, "total steps must be >= 1, got %s", totalSteps);
  }

  @Override
  public double lr(long step) {
    if (step < warmupSteps) {
      return peakLr * LrSchedule.warmupFactor(step, warmupSteps);
    }
    if (step > totalSteps) {
      return peakLr * (lrEnd / peakLr);
    }
    double range = peakLr - lrEnd;
    // HF divides by zero when total == warm-up; a 1-step decay is the nearest defined schedule
    long decaySteps = Math.max(1, totalSteps - warmupSteps);
    double remaining = 1 - (double) (step - warmupSteps) / (double) decaySteps;
    double decayed = range * Math.pow(remaining, power) + lrEnd;
    return peakLr * (decayed / peakLr);
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.POLYNOMIAL;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("peak_lr", peakLr);
    m.put("warmup_steps", warmupSteps);
    m.put("total_steps", totalSteps);
    m.put("lr_end", lrEnd);
    m.put("power", power);
    return m;
  }
}

package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/** Hugging Face's {@code get_constant_schedule} ({@code constant}): the peak rate at every step. */
public record ConstantSchedule(double peakLr) implements LrSchedule {
  public ConstantSchedule {
    Checks.argument(peakLr >= 0, "learning rate must be >= 0, got %s", peakLr);
  }

  @Override
  public double lr(long step) {
    return peakLr;
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.CONSTANT;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("peak_lr", peakLr);
    return m;
  }
}

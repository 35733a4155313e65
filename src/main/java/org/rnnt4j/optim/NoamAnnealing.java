package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code NoamAnnealing} (nemo/core/optim/lr_scheduler.py), the Transformer schedule of Vaswani et
 * al.: {@code lr * d_model^-0.5 * min(s^-0.5, s * warmup^-1.5)} with {@code s = max(1, step)}, so the rate
 * peaks at the end of the warm-up and then decays as the inverse square root; after the warm-up it never
 * falls below {@code minLr}. Without warm-up it is {@code lr * d_model^-0.5 * s^-0.5}. {@code lr} is a
 * scale, not the peak (the Conformer confs use 5.0).
 *
 * @param dModel the encoder width ({@code d_model}) that normalises the rate
 */
public record NoamAnnealing(double lr, long dModel, long warmupSteps, double minLr) implements LrSchedule {
  public NoamAnnealing {
    Checks.argument(lr >= minLr, "NoamAnnealing: initial learning rate %s is lower than min_lr %s", lr, minLr);
    Checks.argument(dModel >= 1, "d_model must be >= 1, got %s", dModel);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
  }

  @Override
  public double lr(long step) {
    long s = Math.max(1, step);
    double normalize = Math.pow(dModel, -0.5);
    double mult =
        warmupSteps > 0
            ? normalize * Math.min(Math.pow(s, -0.5), s * Math.pow(warmupSteps, -1.5))
            : normalize * Math.pow(s, -0.5);
    double out = lr * mult;
    return s > warmupSteps ? Math.max(out, minLr) : out;
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.NOAM_ANNEALING;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("lr", lr);
    m.put("d_model", dModel);
    m.put("warmup_steps", warmupSteps);
    m.put("min_lr", minLr);
    return m;
  }
}

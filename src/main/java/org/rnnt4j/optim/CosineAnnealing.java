package org.rnnt4j.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code CosineAnnealing} (nemo/core/optim/lr_scheduler.py, its {@code WarmupAnnealHoldPolicy}
 * without constant steps): during the warm-up {@code lr * (step + 1) / (warmup + 1)} (up to and
 * including step {@code warmup}); then a half cosine from {@code lr} to {@code minLr} at {@code maxSteps};
 * {@code minLr} after.
 */
public record CosineAnnealing(double lr, long warmupSteps, long maxSteps, double minLr) implements LrSchedule {
  public CosineAnnealing {
    Checks.argument(lr >= minLr, "CosineAnnealing: initial learning rate %s is lower than min_lr %s", lr, minLr);
    Checks.argument(warmupSteps >= 0, "warmup steps must be >= 0, got %s", warmupSteps);
    // max_steps <= warm-up is allowed, as in NeMo: the cosine part is then never reached
    Checks.argument(maxSteps >= 1, "max_steps must be >= 1, got %s", maxSteps);
  }

  @Override
  public double lr(long step) {
    if (warmupSteps > 0 && step <= warmupSteps) {
      return lr * ((double) (step + 1) / (double) (warmupSteps + 1));
    }
    if (step > maxSteps) {
      return minLr;
    }
    double mult = 0.5 * (1 + Math.cos(Math.PI * (step - warmupSteps) / (maxSteps - warmupSteps)));
    return (lr - minLr) * mult + minLr;
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.COSINE_ANNEALING;
  }

  @Override
  public Map<String, Number> parameters() {
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("lr", lr);
    m.put("warmup_steps", warmupSteps);
    m.put("max_steps", maxSteps);
    m.put("min_lr", minLr);
    return m;
  }
}

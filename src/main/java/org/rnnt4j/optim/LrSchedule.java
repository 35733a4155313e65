package org.rnnt4j.optim;

import java.util.Map;

/**
 * A learning-rate schedule: the rate of each optimizer update as a pure function of the updates done
 * before it, so that a step count is its whole state. Each implementation is a record whose
 * {@link #parameters} rebuild it ({@link LrSchedules#of}), which is how {@code scheduler.json} stores it.
 *
 * <p>Step numbering follows the schedulers being mirrored: {@code lr(step)} is the rate of the update
 * that follows {@code step} completed updates, which is {@code LambdaLR}'s and NeMo's {@code last_epoch}
 * when PyTorch Lightning or the Hugging Face Trainer calls {@code scheduler.step()} after each update.
 */
public sealed interface LrSchedule
    permits LinearSchedule, CosineSchedule, CosineWithRestartsSchedule, PolynomialSchedule, ConstantSchedule,
        ConstantWithWarmupSchedule, InverseSqrtSchedule, NoamAnnealing, CosineAnnealing {

  /** The learning rate of the update after {@code step} completed updates (step >= 0). */
  double lr(long step);

  ScheduleType type();

  /** The values that rebuild this schedule, by their {@code scheduler.json} names, in a fixed order. */
  Map<String, Number> parameters();

  /** HF's warm-up factor, shared by its schedules: {@code step / max(1, warmup)}. */
  static double warmupFactor(long step, long warmupSteps) {
    return (double) step / (double) Math.max(1, warmupSteps);
  }
}

package org.rnnt4j.optim;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rnnt4j.util.Checks;

/**
 * Builds {@link LrSchedule}s: Hugging Face's from the training arguments ({@code --lr_scheduler_type},
 * {@code --lr_scheduler_kwargs}), and any of them back from the parameters a checkpoint recorded.
 */
public final class LrSchedules {
  private LrSchedules() {}

  /**
   * HF's {@code get_scheduler(name, optimizer, num_warmup_steps, num_training_steps, scheduler_specific_kwargs)}.
   *
   * @param kwargs {@code lr_scheduler_kwargs}: {@code num_cycles} (cosine, cosine_with_restarts), {@code
   *     lr_end} and {@code power} (polynomial), {@code timescale} (inverse_sqrt); HF's defaults otherwise. A
   *     key the schedule does not take is refused, as HF's functions refuse unexpected keywords.
   */
  public static LrSchedule huggingFace(
      ScheduleType type, double peakLr, long warmupSteps, long totalSteps, Map<String, ? extends Number> kwargs) {
    Checks.argument(type.isHuggingFace(), "%s is NeMo's schedule, not one of --lr_scheduler_type's", type.fileName());
    Set<String> allowed =
        switch (type) {
          case COSINE, COSINE_WITH_RESTARTS -> Set.of("num_cycles");
          case POLYNOMIAL -> Set.of("lr_end", "power");
          case INVERSE_SQRT -> Set.of("timescale");
          default -> Set.of();
        };
    Set<String> unexpected = new TreeSet<>(kwargs.keySet());
    unexpected.removeAll(allowed);
    Checks.argument(
        unexpected.isEmpty(), "lr_scheduler_kwargs %s are not parameters of the %s schedule (it takes %s)",
        unexpected, type.fileName(), new TreeSet<>(allowed));
    return switch (type) {
      case LINEAR -> new LinearSchedule(peakLr, warmupSteps, totalSteps);
      case COSINE -> new CosineSchedule(
          peakLr, warmupSteps, totalSteps, number(kwargs, "num_cycles", CosineSchedule.DEFAULT_CYCLES));
      case COSINE_WITH_RESTARTS -> new CosineWithRestartsSchedule(
          peakLr, warmupSteps, totalSteps, number(kwargs, "num_cycles", CosineWithRestartsSchedule.DEFAULT_CYCLES));
      case POLYNOMIAL -> new PolynomialSchedule(
          peakLr, warmupSteps, totalSteps, number(kwargs, "lr_end", PolynomialSchedule.DEFAULT_LR_END),
          number(kwargs, "power", PolynomialSchedule.DEFAULT_POWER));
      case CONSTANT -> new ConstantSchedule(peakLr);
      case CONSTANT_WITH_WARMUP -> new ConstantWithWarmupSchedule(peakLr, warmupSteps);
      case INVERSE_SQRT -> new InverseSqrtSchedule(
          peakLr, warmupSteps,
          (long) number(kwargs, "timescale", InverseSqrtSchedule.defaultTimescale(warmupSteps)));
      default -> throw new IllegalStateException("not an HF schedule: " + type);
    };
  }

  /**
   * The schedule whose {@link LrSchedule#parameters} are {@code parameters}.
   *
   * @throws IllegalArgumentException naming a missing parameter or an invalid value
   */
  public static LrSchedule of(ScheduleType type, Map<String, ? extends Number> parameters) {
    return switch (type) {
      case LINEAR -> new LinearSchedule(
          required(parameters, "peak_lr").doubleValue(), longOf(parameters, "warmup_steps"), longOf(parameters, "total_steps"));
      case COSINE -> new CosineSchedule(
          required(parameters, "peak_lr").doubleValue(), longOf(parameters, "warmup_steps"), longOf(parameters, "total_steps"),
          required(parameters, "num_cycles").doubleValue());
      case COSINE_WITH_RESTARTS -> new CosineWithRestartsSchedule(
          required(parameters, "peak_lr").doubleValue(), longOf(parameters, "warmup_steps"), longOf(parameters, "total_steps"),
          required(parameters, "num_cycles").doubleValue());
      case POLYNOMIAL -> new PolynomialSchedule(
          required(parameters, "peak_lr").doubleValue(), longOf(parameters, "warmup_steps"), longOf(parameters, "total_steps"),
          required(parameters, "lr_end").doubleValue(), required(parameters, "power").doubleValue());
      case CONSTANT -> new ConstantSchedule(required(parameters, "peak_lr").doubleValue());
      case CONSTANT_WITH_WARMUP -> new ConstantWithWarmupSchedule(
          required(parameters, "peak_lr").doubleValue(), longOf(parameters, "warmup_steps"));
      case INVERSE_SQRT -> new InverseSqrtSchedule(
          required(parameters, "peak_lr").doubleValue(), longOf(parameters, "warmup_steps"), longOf(parameters, "timescale"));
      case NOAM_ANNEALING -> new NoamAnnealing(
          required(parameters, "lr").doubleValue(), longOf(parameters, "d_model"), longOf(parameters, "warmup_steps"),
          required(parameters, "min_lr").doubleValue());
      case COSINE_ANNEALING -> new CosineAnnealing(
          required(parameters, "lr").doubleValue(), longOf(parameters, "warmup_steps"), longOf(parameters, "max_steps"),
          required(parameters, "min_lr").doubleValue());
    };
  }

  private static double number(Map<String, ? extends Number> kwargs, String key, double fallback) {
    Number v = kwargs.get(key);
    return v == null ? fallback : v.doubleValue();
  }

  private static Number required(Map<String, ? extends Number> parameters, String key) {
    Number v = parameters.get(key);
    Checks.argument(v != null, "schedule parameter '%s' is missing", key);
    return v;
  }

  private static long longOf(Map<String, ? extends Number> parameters, String key) {
    Number v = required(parameters, key);
    Checks.argument(
        v.doubleValue() == Math.rint(v.doubleValue()), "schedule parameter '%s' must be an integer, got %s", key, v);
    return v.longValue();
  }
}

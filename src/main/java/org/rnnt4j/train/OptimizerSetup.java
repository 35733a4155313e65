package org.rnnt4j.train;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.ConstantSchedule;
import org.rnnt4j.optim.CosineAnnealing;
import org.rnnt4j.optim.LrSchedule;
import org.rnnt4j.optim.LrSchedules;
import org.rnnt4j.optim.NoamAnnealing;
import org.rnnt4j.optim.OptimizerType;
import org.rnnt4j.optim.ScheduleType;
import org.rnnt4j.optim.WeightDecay;
import org.rnnt4j.util.ConfigException;

/**
 * The optimizer and learning-rate schedule of a run: Hugging Face's from the training arguments (AdamW,
 * {@code --lr_scheduler_type}), or, with {@code --optim_from_config}, NeMo's from the model conf's {@code
 * optim} section ({@code name} adamw or adam, {@code lr}, {@code betas}, {@code eps}, {@code weight_decay},
 * {@code sched} NoamAnnealing or CosineAnnealing with {@code warmup_steps} or {@code warmup_ratio}, {@code
 * min_lr}, {@code d_model}, {@code max_steps}). Either way weight decay follows {@link WeightDecay} and
 * {@code max_grad_norm} clips.
 *
 * @param schedule the schedule for a run of the given total number of updates
 * @param description one line for the log
 */
public record OptimizerSetup(
    OptimizerType type, double beta1, double beta2, double eps, double weightDecay, LongFunction<LrSchedule> schedule,
    String description) {

  public static OptimizerSetup fromArguments(TrainingArguments args) {
    TrainingArguments.Optimization o = args.optimization();
    TrainingArguments.Schedule s = args.schedule();
    return new OptimizerSetup(
        OptimizerType.ADAMW, o.adamBeta1(), o.adamBeta2(), o.adamEpsilon(), o.weightDecay(),
        total -> LrSchedules.huggingFace(s.lrSchedulerType(), o.learningRate(), s.warmupStepsFor(total), total, s.lrSchedulerKwargs()),
        "AdamW, " + s.lrSchedulerType().fileName() + " schedule (training arguments)");
  }

  /** NeMo's {@code setup_optimization} from the conf's {@code optim} section (model section's child). */
  public static OptimizerSetup fromNemoConfig(ConfigNode optim) {
    OptimizerType type = optim.getChoice("name", name -> {
      try {
        return OptimizerType.parse(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rnnt4j implements NeMo's adamw and adam, not '" + name + "'", e);
      }
    });
    double lr = optim.getDouble("lr");
    double beta1 = 0.9;
    double beta2 = 0.999;
    if (optim.has("betas") && !optim.isNull("betas")) {
      List<Double> betas = optim.getDoubleList("betas");
      if (betas.size() != 2) {
        throw new ConfigException(optim.path() + ".betas in " + optim.source() + ": expected 2 values, got " + betas);
      }
      beta1 = betas.get(0);
      beta2 = betas.get(1);
    }
    double eps = optim.findDouble("eps").orElse(1e-8);
    double weightDecay = optim.findDouble("weight_decay").orElse(0.0);
    LongFunction<LrSchedule> schedule;
    String scheduleName;
    if (optim.findChild("sched").isEmpty() || optim.isNull("sched")) {
      schedule = total -> new ConstantSchedule(lr);
      scheduleName = "constant";
    } else {
      ConfigNode sched = optim.child("sched");
      ScheduleType kind = sched.getChoice("name", NemoSchedules::parse);
      schedule = NemoSchedules.builder(kind, sched, lr);
      scheduleName = kind.fileName();
    }
    return new OptimizerSetup(
        type, beta1, beta2, eps, weightDecay, schedule,
        type.fileName() + " (lr " + lr + ", betas " + beta1 + ", " + beta2 + ", weight_decay " + weightDecay + "), "
            + scheduleName + " schedule (conf " + optim.path() + " in " + optim.source() + ")");
  }

  /** The optimizer over {@code parameters}; {@code owners} decide weight decay by layer type. */
  AdamW optimizer(Map<String, Tensor> parameters, Map<String, Module> owners) {
    Set<String> decayed = WeightDecay.decayed(parameters.keySet(), owners);
    return new AdamW(type, parameters, decayed, beta1, beta2, eps, weightDecay);
  }

  /** NeMo's schedulers as its conf's {@code sched} section names them. */
  private static final class NemoSchedules {
    static ScheduleType parse(String name) {
      ScheduleType t;
      try {
        t = ScheduleType.fromFileName(name);
      } catch (IllegalArgumentException e) {
        t = ScheduleType.LINEAR;
      }
      if (t.isHuggingFace()) {
        throw new IllegalArgumentException("'" + name + "' is not a NeMo scheduler; rnnt4j implements NoamAnnealing and CosineAnnealing");
      }
      return t;
    }

    static LongFunction<LrSchedule> builder(ScheduleType kind, ConfigNode sched, double lr) {
      boolean hasSteps = sched.findLong("warmup_steps").isPresent();
      boolean hasRatio = sched.findDouble("warmup_ratio").isPresent();
      if (hasSteps && hasRatio) {
        throw new ConfigException(sched.path() + " in " + sched.source() + ": give warmup_steps or warmup_ratio, not both (NeMo's rule)");
      }
      for (String key : List.of("constant_steps", "constant_ratio", "hold_steps", "hold_ratio")) {
        if (sched.findDouble(key).orElse(0) != 0) {
          throw new ConfigException(sched.path() + "." + key + " in " + sched.source() + ": not supported by rnnt4j's " + kind.fileName());
        }
      }
      double minLr = sched.findDouble("min_lr").orElse(0.0);
      long confMax = sched.findLong("max_steps").orElse(-1);
      long steps = sched.findLong("warmup_steps").orElse(0);
      double ratio = sched.findDouble("warmup_ratio").orElse(0.0);
      long dModel = kind == ScheduleType.NOAM_ANNEALING ? sched.getLong("d_model") : 0;
      return total -> {
        long max = confMax > 0 ? confMax : total;
        long warmup = hasRatio ? (long) (ratio * max) : steps; // NeMo: int(warmup_ratio * max_steps)
        return kind == ScheduleType.NOAM_ANNEALING
            ? new NoamAnnealing(lr, dModel, warmup, minLr)
            : new CosineAnnealing(lr, warmup, max, minLr);
      };
    }
  }
}

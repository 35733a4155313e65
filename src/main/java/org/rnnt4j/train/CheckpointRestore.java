package org.rnnt4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.training.CheckpointSection;
import org.rnnt4j.checkpoint.training.OptimizerState;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.data.pipeline.BatchPlan;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.engine.Generators;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.ExponentialMovingAverage;
import org.rnnt4j.optim.LrSchedule;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * Puts a checkpoint's state back into a run's live objects: the weights (strictly), the loss's own
 * parameters, AdamW's moments and step counts, the trainer state, the loop's loss sums and SpecAugment's
 * generator ({@link LoopState}), the moving average, the data position ({@link Resumption#position}), and
 * last libtorch's generators, so that nothing draws between the restore and the first update. What a
 * checkpoint lacks (written without an EMA, or by a run with another loss) starts afresh, with a warning.
 */
final class CheckpointRestore {
  private static final Logger LOG = Logger.getLogger(CheckpointRestore.class.getName());

  private CheckpointRestore() {}

  record Restored(LossTracker losses, BadSteps bad, Resumption.Position position) {}

  static void loadWeights(Transducer model, TrainingState saved) {
    try {
      model.loadStateDict(tensors(saved.model().weights()), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the checkpoint at step " + saved.globalStep() + " does not fit the model this run builds: " + e.getMessage(), e);
    }
  }

  /** Everything but the weights, the generators last: nothing may draw between them and the first step. */
  static Restored restore(
      TrainingState saved, Transducer model, TransducerObjective objective, AdamW optimizer, LrSchedule schedule,
      ExponentialMovingAverage ema, TrainerState state, TrainingArguments args, BatchPlan plan) {
    String where = "checkpoint-" + saved.globalStep();
    CheckpointSection objectiveSection = saved.sections().get(TensorSections.OBJECTIVE);
    if (objectiveSection != null) {
      Map<String, Tensor> own = objective.parameters();
      TensorSections.tensors(TensorSections.read(objectiveSection, where)).forEach((name, value) -> {
        Tensor p = own.get(name);
        if (p == null) {
          throw new IllegalArgumentException(where + " holds a loss parameter '" + name + "' this run's loss does not have");
        }
        try (NoGrad ignored = new NoGrad()) {
          p.copyFrom(value.to(p.dtype()).to(p.device()));
        }
      });
    } else if (!objective.parameters().isEmpty()) {
      LOG.warning(where + " has no loss parameters (saved without the pruned loss?): they start afresh");
    }
    restoreOptimizer(optimizer, saved.optimizer());
    if (!saved.schedule().schedule().equals(schedule)) {
      LOG.warning("the checkpoint's schedule was " + saved.schedule().schedule() + "; continuing with " + schedule
          + " as this run's arguments say");
    }
    state.restore(saved.trainerState());
    if (saved.rng().sampler().seed() != args.seed()) {
      LOG.warning("the checkpoint's data order came from seed " + saved.rng().sampler().seed() + "; this run's --seed "
          + args.seed() + " orders the rest differently");
    }
    CheckpointSection loop = saved.sections().get(LoopState.SECTION);
    LossTracker losses;
    BadSteps bad;
    if (loop != null) {
      LoopState l = LoopState.fromSection(loop, where);
      losses = new LossTracker(l.lossSinceLog(), l.lastLoggedStep(), l.lossTotal());
      bad = new BadSteps(args.optimization().maxConsecutiveBadSteps(), args.outputDir(), l.skippedSteps(), l.consecutiveBadSteps());
      model.specAugment().restoreRandomState(l.specAugmentRandomState());
    } else {
      LOG.warning(where + " has no " + LoopState.SECTION + " section: the loss sums restart here, as Hugging Face's"
          + " Trainer restarts them, and SpecAugment draws new masks");
      losses = new LossTracker(0, saved.globalStep(), 0);
      bad = new BadSteps(args.optimization().maxConsecutiveBadSteps(), args.outputDir(), 0, 0);
    }
    CheckpointSection emaSection = saved.sections().get(TensorSections.EMA);
    if (ema != null && emaSection != null) {
      SafeTensorsFile f = TensorSections.read(emaSection, where);
      ema.load(TensorSections.tensors(f), Long.parseLong(f.metadata().getOrDefault("updates", "0")));
    } else if (ema != null) {
      LOG.warning(where + " has no moving average: it starts from the restored weights");
    }
    SamplerPosition position = saved.rng().sampler();
    Resumption.Position start = Resumption.position(position, plan.epoch((int) position.epoch()));
    Generators.restore(saved.rng().generators());
    LOG.info(String.format(
        "resumed from step %d: epoch %d, %d batches of it already seen (skipped, not drawn)",
        saved.globalStep(), start.epoch(), start.batchIndex()));
    return new Restored(losses, bad, start);
  }

  static Map<String, Tensor> tensors(TorchCheckpoint weights) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    weights.stateDict().forEach((k, v) -> out.put(k, Arrays.toTensor(v)));
    return out;
  }

  /** Puts a checkpoint's moments and step counts into {@code optimizer}. */
  static void restoreOptimizer(AdamW optimizer, OptimizerState saved) {
    if (saved.type() != optimizer.type() || saved.beta1() != optimizer.beta1() || saved.beta2() != optimizer.beta2()
        || saved.eps() != optimizer.eps() || saved.weightDecay() != optimizer.weightDecay()) {
      LOG.warning(String.format(
          "the checkpoint's optimizer was %s (betas %s, %s, eps %s, weight_decay %s); continuing its moments with %s"
              + " (betas %s, %s, eps %s, weight_decay %s) as this run's arguments say",
          saved.type().fileName(), saved.beta1(), saved.beta2(), saved.eps(), saved.weightDecay(),
          optimizer.type().fileName(), optimizer.beta1(), optimizer.beta2(), optimizer.eps(), optimizer.weightDecay()));
    }
    Map<String, Tensor> state = new LinkedHashMap<>();
    saved.parameters().forEach((name, m) -> {
      state.put("exp_avg." + name, Arrays.toTensor(m.expAvg()));
      state.put("exp_avg_sq." + name, Arrays.toTensor(m.expAvgSq()));
      state.put("step." + name, Tensor.ofLongs(new long[] {m.step()}));
    });
    optimizer.loadState(state, saved.stepCount());
  }
}

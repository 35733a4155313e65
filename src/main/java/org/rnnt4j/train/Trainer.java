package org.rnnt4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.training.CheckpointRotation;
import org.rnnt4j.checkpoint.training.CheckpointSection;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.BatchPlan;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.data.pipeline.PreparedSplit;
import org.rnnt4j.distributed.DataParallel;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.evaluation.Evaluator;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.optim.DynamicLossScaler;
import org.rnnt4j.optim.ExponentialMovingAverage;
import org.rnnt4j.optim.LossScaler;
import org.rnnt4j.optim.LrSchedule;
import org.rnnt4j.optim.Optimizer;

/**
 * The training loop with Hugging Face Trainer semantics, as a few small functions over {@link
 * TrainerState}: {@link #train} runs epochs of optimizer updates ({@link UpdateStep}, each over {@code
 * gradient_accumulation_steps} batches), logs every {@code logging_steps}, evaluates and saves by the
 * configured strategies, tracks {@code metric_for_best_model}, and returns the train metrics. Started
 * from a {@link TrainingState}, it continues exactly where that run stopped: weights, optimizer, schedule,
 * loss sums, every random generator, and the position in the epoch (the batches already seen are
 * skipped, not drawn), so a resumed run logs what an uninterrupted one logs.
 */
public final class Trainer {
  private static final Logger LOG = Logger.getLogger(Trainer.class.getName());

  private final TrainingArguments args;
  private final Transducer model;
  private final TransducerObjective objective;
  private final Evaluator evaluator;
  private final Device device;
  private final List<TrainingListener> listeners;
  private final TrainerState state;
  private final BatchLoader loader;
  private final OptimizerSetup setup;
  private final DataParallel parallel;
  private ExponentialMovingAverage ema;
  private LossScaler scaler;
  private long bestStep = -1;

  public Trainer(
      TrainingArguments args, Transducer model, TransducerObjective objective, Evaluator evaluator, Device device,
      List<TrainingListener> listeners, BatchLoader loader) {
    this(args, model, objective, evaluator, device, listeners, loader, OptimizerSetup.fromArguments(args));
  }

  /** @param setup the optimizer and schedule (from the arguments or the conf's optim section) */
  public Trainer(
      TrainingArguments args, Transducer model, TransducerObjective objective, Evaluator evaluator, Device device,
      List<TrainingListener> listeners, BatchLoader loader, OptimizerSetup setup) {
    this(args, model, objective, evaluator, device, listeners, loader, setup, DataParallel.single());
  }

  /**
   * @param parallel the data-parallel ranks this trainer is one of: only rank 0 evaluates (its listeners
   *     log and save; the others' should do neither), every rank reads its shard of the plan
   */
  public Trainer(
      TrainingArguments args, Transducer model, TransducerObjective objective, Evaluator evaluator, Device device,
      List<TrainingListener> listeners, BatchLoader loader, OptimizerSetup setup, DataParallel parallel) {
    this.parallel = parallel;
    this.args = args;
    this.model = model;
    this.objective = objective;
    this.evaluator = evaluator;
    this.device = device;
    this.listeners = List.copyOf(listeners);
    this.loader = loader;
    this.setup = setup;
    this.scaler = args.precision().newScaler();
    this.state =
        new TrainerState(
            args.loggingAndSaving().loggingSteps(), args.evaluation().evalSteps(), args.loggingAndSaving().saveSteps(),
            args.schedule().perDeviceTrainBatchSize(), args.schedule().numTrainEpochs());
  }

  public TrainerState state() {
    return state;
  }

  /** The moving average of the weights ({@code --ema_decay}) once training ran. */
  public Optional<ExponentialMovingAverage> ema() {
    return Optional.ofNullable(ema);
  }

  public Map<String, Object> train(BatchPlan plan, PreparedSplit eval) {
    return train(plan, eval, null);
  }

  /**
   * @param plan the batches of each epoch
   * @param eval evaluated by the evaluation strategy, or null
   * @param resumeFrom the checkpoint to continue, or null to start afresh
   * @return HF's train metrics: train_loss, train_runtime, train_samples_per_second, ...
   */
  public Map<String, Object> train(BatchPlan plan, PreparedSplit eval, TrainingState resumeFrom) {
    int accumulation = args.schedule().gradientAccumulationSteps();
    long batchesPerEpoch = plan.batchesPerEpoch();
    long updatesPerEpoch = Math.max(1, (batchesPerEpoch + accumulation - 1) / accumulation);
    long totalSteps =
        args.schedule().maxSteps() > 0
            ? args.schedule().maxSteps()
            : (long) Math.ceil(args.schedule().numTrainEpochs() * updatesPerEpoch);
    state.setMaxSteps(totalSteps);
    LrSchedule schedule = setup.schedule().apply(totalSteps);
    Map<String, Tensor> parameters = new LinkedHashMap<>(model.namedParameters());
    parameters.putAll(objective.parameters()); // the pruned loss's simple projections
    Optimizer optimizer = setup.optimizer(parameters, model.parameterOwners());
    LossTracker losses = new LossTracker(0, 0, 0);
    BadSteps bad = new BadSteps(args.optimization().maxConsecutiveBadSteps(), args.outputDir(), 0, 0);
    Resumption.Position start = Resumption.Position.START;
    if (resumeFrom != null) {
      CheckpointRestore.loadWeights(model, resumeFrom);
    }
    ema = args.averaging().emaDecay() > 0 ? new ExponentialMovingAverage(model.namedParameters(), args.averaging().emaDecay()) : null;
    if (resumeFrom != null) {
      CheckpointRestore.Restored r =
          CheckpointRestore.restore(resumeFrom, model, objective, optimizer, schedule, ema, state, args, plan);
      losses = r.losses();
      bad = r.bad();
      start = r.position();
    }
    scaler = LossScalerSection.restore(resumeFrom, args.precision());
    model.train(true);
    model.encoder().gradientCheckpointing(args.gradientCheckpointing());
    LOG.info(String.format(
        "training: %d examples, %d batches and %d updates per epoch, %d updates (gradient accumulation %d), batch %d;"
            + " %s, first lr %g, max_grad_norm %s, precision %s%s",
        plan.exampleCount(), batchesPerEpoch, updatesPerEpoch, totalSteps, accumulation,
        args.schedule().perDeviceTrainBatchSize(), setup.description(), schedule.lr(state.globalStep()),
        args.optimization().maxGradNorm(), precision(), resumeFrom == null ? "" : "; resuming at step " + state.globalStep()));
    listeners.forEach(l -> l.onTrainBegin(state));
    UpdateStep update =
        new UpdateStep(
            model, objective, device, optimizer, parameters.values(), args.optimization().maxGradNorm(), scaler, ema,
            args.precision(), parallel);
    int world = parallel.worldSize();
    long start0 = System.nanoTime();
    long step = state.globalStep();
    long samples = start.samplesTotal();
    for (int epoch = (int) start.epoch(); step < totalSteps; epoch++) {
      List<List<Example>> batches = plan.epoch(epoch);
      int index = epoch == start.epoch() ? start.batchIndex() : 0;
      long samplesInEpoch = epoch == start.epoch() ? start.samplesInEpoch() : 0;
      // several ranks pad each step's batches to the global batch's longest, as one process pads its batch
      Iterator<Batch.Host> it =
          world > 1
              ? loader.iterate(batches.subList(index, batches.size()), plan.padding(epoch).subList(index, batches.size()))
              : loader.iterate(batches.subList(index, batches.size()));
      while (index < batches.size() && step < totalSteps) {
        int groupEnd = Math.min(batches.size(), (index / accumulation + 1) * accumulation);
        for (; index < groupEnd; index++) {
          Batch.Host host = it.next();
          update.accumulate(host, step);
          samplesInEpoch += (long) host.examples().size() * world; // global samples: every rank's batch is as large
          samples += (long) host.examples().size() * world;
        }
        double lr = schedule.lr(step);
        UpdateStep.Result r = update.finish(lr);
        step++;
        state.advance(step, epoch + (double) index / batches.size());
        TrainingListener.StepReport report = new TrainingListener.StepReport(r.loss(), lr, r.gradNorm());
        listeners.forEach(l -> l.onStepEnd(state, report));
        if (r.bad()) {
          losses.addSkipped(step);
          bad.bad(step, r.skipReason(), r.ids());
        } else {
          losses.add(r.loss()); // also an update the fp16 scaler skipped: its loss was finite, HF logs it
          if (!r.overflow()) {
            bad.good();
          }
        }
        if (step % args.loggingAndSaving().loggingSteps() == 0 || (step == 1 && args.loggingAndSaving().loggingFirstStep())) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("loss", round(losses.takeLogValue(step)));
          if (Double.isFinite(r.gradNorm())) {
            entry.put("grad_norm", round(r.gradNorm()));
          }
          entry.put("learning_rate", lr);
          log(entry);
        }
        if (args.evaluation().strategy() == IntervalStrategy.STEPS && step % args.evaluation().evalSteps() == 0) {
          evaluate(eval);
        }
        if (args.loggingAndSaving().saveStrategy() == IntervalStrategy.STEPS && step % args.loggingAndSaving().saveSteps() == 0) {
          save(optimizer, schedule, new SamplerPosition(args.seed(), epoch, samplesInEpoch, samples), losses, bad);
        }
      }
      if (args.evaluation().strategy() == IntervalStrategy.EPOCH) {
        evaluate(eval);
      }
      if (args.loggingAndSaving().saveStrategy() == IntervalStrategy.EPOCH) {
        save(optimizer, schedule, new SamplerPosition(args.seed(), epoch, samplesInEpoch, samples), losses, bad);
      }
    }
    if (args.evaluation().loadBestModelAtEnd() && parallel.isMain()) { // the other ranks stop after training
      loadBestModel();
    }
    double runtime = (System.nanoTime() - start0) / 1e9;
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("train_runtime", round(runtime));
    metrics.put("train_samples_per_second", round((samples - start.samplesTotal()) / runtime));
    metrics.put("train_steps_per_second", round((step - (resumeFrom == null ? 0 : resumeFrom.globalStep())) / runtime));
    metrics.put("train_loss", losses.trainLoss(step));
    metrics.put("epoch", state.epoch());
    metrics.put("train_data_wait_seconds", round(loader.waitSeconds()));
    metrics.put("train_skipped_steps", bad.total());
    log(new LinkedHashMap<>(metrics));
    listeners.forEach(l -> l.onTrainEnd(state));
    return metrics;
  }

  record StepResult(double loss, double gradNorm) {}

  /** The loss scaler of {@code --fp16} (its scale after the updates so far), else {@link LossScaler#NONE}. */
  LossScaler scaler() {
    return scaler;
  }

  private String precision() {
    return scaler instanceof DynamicLossScaler d
        ? args.precision().flagName() + " (loss scale " + d.scale() + ")"
        : args.precision().flagName();
  }

  /** One optimizer update on one batch (no accumulation); all tensors of the step are freed on return. */
  StepResult trainStep(Batch.Host host, Optimizer optimizer, double lr) {
    UpdateStep update =
        new UpdateStep(
            model, objective, device, optimizer, model.parameters(), args.optimization().maxGradNorm(), scaler, null,
            args.precision());
    update.accumulate(host, state.globalStep());
    UpdateStep.Result r = update.finish(lr);
    return new StepResult(r.bad() ? Double.NaN : r.loss(), r.gradNorm());
  }

  /** The optimizer over the model's (and the objective's) trainable parameters, weight decay by layer type. */
  Optimizer optimizer() {
    Map<String, Tensor> params = new LinkedHashMap<>(model.namedParameters());
    params.putAll(objective.parameters());
    return setup.optimizer(params, model.parameterOwners());
  }

  private void evaluate(PreparedSplit eval) {
    if (eval == null || eval.examples().isEmpty() || !parallel.isMain()) {
      return;
    }
    Map<String, Object> entry = metrics(eval, "");
    if (ema != null) {
      ema.swap();
      try {
        entry.putAll(metrics(eval, "_ema"));
      } finally {
        ema.swap();
      }
    }
    trackBest(entry);
    log(entry);
    Map<String, Object> metrics = Collections.unmodifiableMap(entry);
    listeners.forEach(l -> l.onEvaluate(state, metrics));
  }

  /** {@code eval_loss}, {@code eval_wer}, {@code eval_cer}, each name with {@code suffix}. */
  private Map<String, Object> metrics(PreparedSplit eval, String suffix) {
    Map<String, Object> out = new LinkedHashMap<>();
    evaluator.evaluate(eval, args.evaluation().perDeviceEvalBatchSize(), loader).metrics("eval").forEach((k, v) -> {
      if (!k.equals("eval_samples")) {
        out.put(k + suffix, v);
      }
    });
    return out;
  }

  /** HF's {@code _determine_best_metric}: {@code metric_for_best_model}, prefixed {@code eval_} unless it is. */
  private void trackBest(Map<String, Object> metrics) {
    String metric = args.evaluation().metricForBestModel();
    if (metric == null) {
      return;
    }
    String key = metric.startsWith("eval_") ? metric : "eval_" + metric;
    Object value = metrics.get(key);
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException(
          "--metric_for_best_model is '" + key + "', which the evaluation does not report; it reports " + metrics.keySet());
    }
    double v = n.doubleValue();
    Double best = state.bestMetric();
    boolean greater = args.evaluation().greaterIsBetter();
    if (best == null || (greater ? v > best : v < best)) {
      state.setBestMetric(v);
      bestStep = state.globalStep();
    }
  }

  private void save(Optimizer optimizer, LrSchedule schedule, SamplerPosition position, LossTracker losses, BadSteps bad) {
    if (bestStep == state.globalStep()) {
      state.setBestModelCheckpoint(args.outputDir().resolve(CheckpointRotation.directoryName(bestStep)).toString());
    }
    List<CheckpointSection> sections = new ArrayList<>();
    sections.add(
        new LoopState(
                losses.sinceLog(), losses.lastLoggedStep(), losses.total(), bad.total(), bad.consecutive(),
                model.specAugment().randomState())
            .toSection());
    if (ema != null) {
      sections.add(TensorSections.of(
          TensorSections.EMA, ema.averages(), Map.of("decay", Double.toString(ema.decay()), "updates", Long.toString(ema.updates()))));
    }
    if (!objective.parameters().isEmpty()) {
      sections.add(TensorSections.of(TensorSections.OBJECTIVE, objective.parameters(), Map.of()));
    }
    if (scaler instanceof DynamicLossScaler d) {
      sections.add(LossScalerSection.of(d.state()));
    }
    SavePoint point = new SavePoint(optimizer, schedule, position, sections);
    // The writers read every tensor to the host (a copy per tensor on a GPU): freed here, as JavaCPP objects
    // are not garbage-collected (util.PointerPolicy).
    try (TensorScope scope = new TensorScope()) {
      listeners.forEach(l -> l.onSave(state, point));
    }
  }

  private void loadBestModel() {
    String best = state.bestModelCheckpoint();
    if (best == null) {
      LOG.warning("--load_best_model_at_end: no checkpoint was saved after an evaluation; keeping the last weights");
      return;
    }
    LOG.info("loading best model from " + best + " (score: " + state.bestMetric() + ")");
    model.loadStateDict(CheckpointRestore.tensors(TrainingCheckpointReader.readModel(Path.of(best)).weights()), true);
  }

  private void log(Map<String, Object> entry) {
    state.log(entry);
    Map<String, Object> last = state.logHistory().get(state.logHistory().size() - 1);
    listeners.forEach(l -> l.onLog(state, last));
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}

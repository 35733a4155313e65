package org.rnnt4j.train;

import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.BatchPlan;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.data.pipeline.PreparedSplit;
import org.rnnt4j.evaluation.EvaluationResult;
import org.rnnt4j.evaluation.Evaluator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.Features;
import org.rnnt4j.model.Targets;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.GradientClipping;
import org.rnnt4j.optim.LinearSchedule;

/**
 * The training loop with Hugging Face Trainer semantics, as a few small functions over
 * {@link TrainerState}: {@link #train} runs epochs of {@link #trainStep}s, logs every
 * {@code logging_steps}, evaluates and saves by the configured strategies, and returns the train metrics.
 * Every step runs inside a {@link TensorScope}, so native memory is released step by step.
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

  Trainer(
      TrainingArguments args, Transducer model, TransducerObjective objective, Evaluator evaluator, Device device,
      List<TrainingListener> listeners, BatchLoader loader) {
    this.args = args;
    this.model = model;
    this.objective = objective;
    this.evaluator = evaluator;
    this.device = device;
    this.listeners = List.copyOf(listeners);
    this.loader = loader;
    this.state =
        new TrainerState(
            args.loggingAndSaving().loggingSteps(), args.evaluation().evalSteps(), args.loggingAndSaving().saveSteps(), args.schedule().perDeviceTrainBatchSize(), args.schedule().numTrainEpochs());
  }

  public TrainerState state() {
    return state;
  }

  /**
   * @param plan the batches of each epoch
   * @param eval evaluated by the evaluation strategy, or null
   * @return HF's train metrics: train_loss, train_runtime, train_samples_per_second, ...
   */
  Map<String, Object> train(BatchPlan plan, PreparedSplit eval) {
    long stepsPerEpoch = plan.batchesPerEpoch();
    long totalSteps =
        args.schedule().maxSteps() > 0 ? args.schedule().maxSteps() : (long) Math.ceil(args.schedule().numTrainEpochs() * stepsPerEpoch);
    state.setMaxSteps(totalSteps);
    LinearSchedule schedule = new LinearSchedule(args.optimization().learningRate(), args.schedule().warmupStepsFor(totalSteps), totalSteps);
    AdamW optimizer = optimizer();
    model.train(true);
    LOG.info(String.format(
        "training: %d examples, %d steps per epoch, %d steps, batch %d, lr %g, warmup %d",
        plan.exampleCount(), stepsPerEpoch, totalSteps, args.schedule().perDeviceTrainBatchSize(), args.optimization().learningRate(),
        schedule.warmupSteps()));
    listeners.forEach(l -> l.onTrainBegin(state));
    long start = System.nanoTime();
    double lossSinceLog = 0;
    long stepsSinceLog = 0;
    double lossTotal = 0;
    long skipped = 0;
    long step = 0;
    long samples = 0;
    for (int epoch = 0; step < totalSteps; epoch++) {
      long samplesInEpoch = 0;
      Iterator<Batch.Host> batches = loader.iterate(plan.epoch(epoch));
      while (batches.hasNext() && step < totalSteps) {
        Batch.Host host = batches.next();
        double lr = schedule.lr(step);
        StepResult r = trainStep(host, optimizer, lr);
        step++;
        // one rank: its samples are the global samples a SamplerPosition counts
        samples += host.examples().size();
        samplesInEpoch += host.examples().size();
        state.advance(step, (double) step / stepsPerEpoch);
        TrainingListener.StepReport report = new TrainingListener.StepReport(r.loss(), lr, r.gradNorm());
        listeners.forEach(l -> l.onStepEnd(state, report));
        if (Double.isFinite(r.loss())) {
          lossSinceLog += r.loss();
          lossTotal += r.loss();
        } else {
          skipped++;
          LOG.warning("step " + step + ": non-finite loss " + r.loss() + ", update skipped; batch ids "
              + host.examples().stream().map(Example::id).toList());
        }
        stepsSinceLog++;
        if (step % args.loggingAndSaving().loggingSteps() == 0) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("loss", round(lossSinceLog / stepsSinceLog));
          entry.put("grad_norm", round(r.gradNorm()));
          entry.put("learning_rate", lr);
          log(entry);
          lossSinceLog = 0;
          stepsSinceLog = 0;
        }
        if (args.evaluation().strategy() == IntervalStrategy.STEPS && step % args.evaluation().evalSteps() == 0) {
          evaluate(eval);
        }
        if (args.loggingAndSaving().saveStrategy() == IntervalStrategy.STEPS && step % args.loggingAndSaving().saveSteps() == 0) {
          save(new SavePoint(optimizer, schedule, new SamplerPosition(args.seed(), epoch, samplesInEpoch, samples)));
        }
      }
      boolean epochEnd = step % stepsPerEpoch == 0 || step >= totalSteps;
      if (epochEnd && args.evaluation().strategy() == IntervalStrategy.EPOCH) {
        evaluate(eval);
      }
      if (epochEnd && args.loggingAndSaving().saveStrategy() == IntervalStrategy.EPOCH) {
        save(new SavePoint(optimizer, schedule, new SamplerPosition(args.seed(), epoch, samplesInEpoch, samples)));
      }
    }
    double runtime = (System.nanoTime() - start) / 1e9;
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("train_runtime", round(runtime));
    metrics.put("train_samples_per_second", round(samples / runtime));
    metrics.put("train_steps_per_second", round(step / runtime));
    metrics.put("train_loss", lossTotal / Math.max(1, step - skipped));
    metrics.put("epoch", state.epoch());
    metrics.put("train_data_wait_seconds", round(loader.waitSeconds()));
    metrics.put("train_skipped_steps", skipped);
    log(new LinkedHashMap<>(metrics));
    listeners.forEach(l -> l.onTrainEnd(state));
    return metrics;
  }

  record StepResult(double loss, double gradNorm) {}

  /** One optimizer update on one batch; all tensors of the step are freed on return. */
  StepResult trainStep(Batch.Host host, AdamW optimizer, double lr) {
    try (TensorScope scope = new TensorScope()) {
      Batch batch = host.toDevice(device);
      Features features = model.features(batch.audio(), batch.audioLengths()); // (B, D, T_feat)
      Encoded encoded = model.transcribe(features); // (B, H, T)
      Tensor predicted = model.predict(batch.labels()); // (B, H, U+1)
      // The objective runs the joint's backward itself; value.loss() carries it on into the encoder.
      TransducerObjective.Value value =
          objective.compute(encoded, predicted, new Targets(batch.labels(), batch.labelLengths()), state.globalStep());
      if (!Double.isFinite(value.value())) {
        optimizer.zeroGrad();
        return new StepResult(value.value(), Double.NaN);
      }
      value.loss().backward();
      double norm = GradientClipping.clip(model.parameters(), args.optimization().maxGradNorm());
      optimizer.step(lr);
      optimizer.zeroGrad();
      return new StepResult(value.value(), norm);
    }
  }

  /** AdamW over trainable parameters; biases and LayerNorm weights get no weight decay, as in HF. */
  AdamW optimizer() {
    Map<String, Tensor> params = new LinkedHashMap<>(model.namedParameters());
    params.putAll(objective.parameters()); // the pruned loss's simple projections
    java.util.Set<String> decayed = new java.util.HashSet<>();
    for (String name : params.keySet()) {
      if (!name.endsWith("bias") && !name.contains("norm")) {
        decayed.add(name);
      }
    }
    return new AdamW(params, decayed, args.optimization().adamBeta1(), args.optimization().adamBeta2(), args.optimization().adamEpsilon(), args.optimization().weightDecay());
  }

  private void evaluate(PreparedSplit eval) {
    if (eval == null || eval.examples().isEmpty()) {
      return;
    }
    EvaluationResult r = evaluator.evaluate(eval, args.evaluation().perDeviceEvalBatchSize(), loader);
    Map<String, Object> entry = new LinkedHashMap<>(r.metrics("eval"));
    entry.remove("eval_samples");
    log(entry);
    Map<String, Object> metrics = java.util.Collections.unmodifiableMap(entry);
    listeners.forEach(l -> l.onEvaluate(state, metrics));
  }

  private void save(SavePoint point) {
    listeners.forEach(l -> l.onSave(state, point));
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

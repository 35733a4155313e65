package org.rnnt4j.train.run;

import org.rnnt4j.train.CheckpointListener;
import org.rnnt4j.train.EncoderFreezing;
import org.rnnt4j.train.IntervalStrategy;
import org.rnnt4j.train.OptimizerSetup;
import org.rnnt4j.train.Resumption;
import org.rnnt4j.train.Trainer;
import org.rnnt4j.train.TrainingArguments;
import org.rnnt4j.train.TrainingListener;
import org.rnnt4j.train.UnfreezeEncoder;
import org.rnnt4j.train.reporting.ConsoleListener;
import org.rnnt4j.train.reporting.ModelCard;
import org.rnnt4j.train.reporting.ProgressListener;
import org.rnnt4j.train.reporting.ReportingArguments;
import org.rnnt4j.train.reporting.TensorBoardListener;
import org.rnnt4j.train.reporting.TrainingCurvesListener;
import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.BatchPlan;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetPreparation;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.data.pipeline.PreparedSplit;
import org.rnnt4j.data.pipeline.Tokenization;
import org.rnnt4j.evaluation.EvaluationResult;
import org.rnnt4j.evaluation.Evaluator;
import org.rnnt4j.evaluation.OutputFiles;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.loading.StartingPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.checkpoint.NemoExport;
import org.rnnt4j.checkpoint.SafetensorsExport;
import org.rnnt4j.checkpoint.TokenizerFiles;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.distributed.DataParallel;
import org.rnnt4j.distributed.DataParallelOptions;
import org.rnnt4j.distributed.DistributedEnvironment;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.decoding.DecodingParameters;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.ObjectiveOptions;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.TransducerObjectives;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.Json;

/**
 * {@code rnnt4j train}: the Python recipe's main flow. Prepare the data, find or train the tokenizer,
 * build the model from the conf or start from a saved one ({@link StartingPoint}: fine-tuning with a
 * vocabulary change, or restoring as it is), optionally freeze the encoder, train, save the final model
 * into {@code output_dir} (rnnt4j's directory layout, plus {@code model.nemo} and optionally {@code
 * model.safetensors} + {@code config.json}), then evaluate ({@code --do_eval}) and predict on each
 * test set ({@code --do_predict}), writing HF-style results and NeMo-style prediction files.
 */
public final class TrainingRun {
  private static final Logger LOG = Logger.getLogger(TrainingRun.class.getName());

  private final TrainingArguments training;
  private final DataArguments data;
  private final ModelArguments modelArgs;
  private final ObjectiveOptions objective;
  private final Map<String, Object> provenance;
  private final ReportingArguments reporting;
  private final DataParallelOptions parallelOptions;

  /** Trains with the exact loss over whole batches. */
  public TrainingRun(TrainingArguments training, DataArguments data, ModelArguments model, Map<String, Object> provenance) {
    this(training, data, model, ObjectiveOptions.exact(), provenance);
  }

  /** @param objective the training loss: exact, fused sub-batches or pruned */
  public TrainingRun(
      TrainingArguments training, DataArguments data, ModelArguments model, ObjectiveOptions objective,
      Map<String, Object> provenance) {
    this(training, data, model, objective, provenance, ReportingArguments.defaults());
  }

  /** @param reporting TensorBoard, run name (curves, progress and the model card are always written) */
  public TrainingRun(
      TrainingArguments training, DataArguments data, ModelArguments model, ObjectiveOptions objective,
      Map<String, Object> provenance, ReportingArguments reporting) {
    this(training, data, model, objective, provenance, reporting, DataParallelOptions.single());
  }

  /**
   * @param parallel this process's place among data-parallel ranks: rank 0 prepares the data and the
   *     tokenizer before the others start (HF's {@code main_process_first}), and only rank 0 logs,
   *     evaluates, saves and predicts
   */
  public TrainingRun(
      TrainingArguments training, DataArguments data, ModelArguments model, ObjectiveOptions objective,
      Map<String, Object> provenance, ReportingArguments reporting, DataParallelOptions parallel) {
    this.parallelOptions = parallel;
    this.training = training;
    this.data = data;
    this.modelArgs = model;
    this.objective = objective;
    this.provenance = provenance;
    this.reporting = reporting;
  }

  /** Runs everything the do_* flags ask for; returns the merged metrics (all_results.json). */
  public Map<String, Object> run() {
    DistributedEnvironment env = parallelOptions.environment();
    if (env.isDistributed() && modelArgs.unfreezeEncoder()) {
      throw new IllegalArgumentException("--unfreeze_encoder follows rank 0's evaluations, which the other ranks do not"
          + " see: train with one process, or without it");
    }
    Device device = Engine.resolve(training.device());
    if (env.isDistributed() && device.isCuda()) {
      device = Device.cuda(env.localRank()); // torchrun's convention: local rank N drives GPU N
    }
    // the other ranks wait here until rank 0 has prepared the data and the tokenizer, then find them made
    try (DataParallel workerSession = env.isMain() ? null : DataParallel.join(env, device, parallelOptions.timeout())) {
      return run(device, workerSession);
    }
  }

  private Map<String, Object> run(Device device, DataParallel workerSession) {
    boolean main = workerSession == null;
    Path out = training.outputDir();
    Engine.seed(training.seed());
    // the conf is bound before output_dir is touched: a bad key fails before anything is written or read
    StartingPoint start = StartingPoint.resolve(modelArgs);
    ConfigNode startConfig = start.modelConfig();
    TransducerConfig config = TransducerConfigBinder.bind(startConfig);
    // rank 0 chooses (and may create output_dir meanwhile); the other ranks take its choice once joined
    Optional<Path> resumeFrom = main ? Resumption.choose(training) : Optional.empty();
    if (main) {
      OutputFiles.prepare(out, training.overwriteOutputDir() || resumeFrom.isPresent(), training.doTrain());
    }
    int sampleRate = config.preprocessor().sampleRate();
    DatasetPreparation prep = new DatasetPreparation(data, sampleRate);
    PreparedSplit train = training.doTrain() ? prep.train() : null;
    boolean needEval =
        main && (training.doEval() || (training.doTrain() && training.evaluation().strategy() != IntervalStrategy.NO));
    PreparedSplit eval = needEval ? prep.eval() : null;
    List<PreparedSplit> tests = main && training.doPredict() ? prep.tests() : List.of();

    List<String> texts = train == null ? List.of() : train.examples().stream().map(Example::text).toList();
    StartingPoint.ChosenTokenizer chosen = start.tokenizer(texts, data.doLowerCase());
    TokenizerFiles tokenizerFiles = chosen.files();
    Tokenizer tokenizer = tokenizerFiles.tokenizer();
    // as the recipe sets config.tokenizer.dir; NeMo keeps it in a .nemo as the training-time path
    ConfigNode modelConfig =
        chosen.directory() == null
            ? startConfig
            : startConfig.has("tokenizer")
                ? startConfig.withOverride("tokenizer.dir", chosen.directory().toAbsolutePath().toString())
                : startConfig.withOverride("tokenizer", Map.of("dir", chosen.directory().toAbsolutePath().toString(), "type", "bpe"));
    // untokenizable training examples are skipped; eval and test examples are kept and counted
    train = data.trainTargetLengths().apply(Tokenization.apply(train, tokenizer, data.failOnBadSamples(), true));
    eval = Tokenization.apply(eval, tokenizer, data.failOnBadSamples(), false);
    List<PreparedSplit> testsTokenized = new ArrayList<>();
    for (PreparedSplit t : tests) {
      testsTokenized.add(Tokenization.apply(t, tokenizer, data.failOnBadSamples(), false));
    }

    try (DataParallel mainSession =
        main && training.doTrain() ? DataParallel.join(parallelOptions.environment(), device, parallelOptions.timeout()) : null) {
      DataParallel parallel = main ? (mainSession == null ? DataParallel.single() : mainSession) : workerSession;
      return run(device, parallel, start, config, startConfig, modelConfig, tokenizerFiles, train, eval, testsTokenized, resumeFrom);
    }
  }

  private Map<String, Object> run(
      Device device, DataParallel parallel, StartingPoint start, TransducerConfig config, ConfigNode startConfig,
      ConfigNode modelConfig, TokenizerFiles tokenizerFiles, PreparedSplit train, PreparedSplit eval,
      List<PreparedSplit> testsTokenized, Optional<Path> mainsChoice) {
    Path out = training.outputDir();
    String chosen = parallel.fromMain("resume_from_checkpoint", mainsChoice.map(Path::toString).orElse(""));
    Optional<Path> resumeFrom = chosen.isEmpty() ? Optional.empty() : Optional.of(Path.of(chosen));
    Tokenizer tokenizer = tokenizerFiles.tokenizer();
    OptimizerSetup optimizerSetup = optimizerSetup(startConfig);
    int sampleRate = config.preprocessor().sampleRate();
    Transducer model = start.build(config, tokenizerFiles, training.seed());
    Map<String, Map<String, Object>> metadata = start.weightsMetadata();
    model.to(device);
    if (parallel.isDistributed()) {
      parallel.broadcastFromMain(model.stateDict().values()); // one starting model, as DDP's constructor makes it
      if (parallelOptions.syncBatchnorm()) {
        LOG.info("--sync_batchnorm: " + parallel.synchroniseBatchNorm(model) + " BatchNorm layers take their statistics over "
            + parallel.worldSize() + " ranks");
      }
    } else if (parallelOptions.syncBatchnorm()) {
      LOG.info("--sync_batchnorm: one process, nothing to synchronise");
    }
    LOG.info(String.format("model: %,d parameters, vocabulary %d + blank", model.parameterCount(), tokenizer.vocabSize()));
    UnfreezeEncoder unfreeze = freezing(model);

    OutputFiles files = new OutputFiles(out);
    TransducerConfig.LossConfig lc = config.loss();
    ModelCard card = new ModelCard(training, data, modelArgs, reporting);
    Map<String, Map<String, Object>> results = new LinkedHashMap<>();
    FinalWeights finals = null;
    try (TransducerObjective loss = TransducerObjectives.create(objective, model, lc);
        TransducerLoss evalLoss = new TransducerLoss(lc.reduction(), lc.fastemitLambda(), lc.clamp());
        BatchLoader loader = new BatchLoader(training.dataloaderNumWorkers(), sampleRate);
        TensorBoardListener tensorboard =
            reporting.tensorboard() && parallel.isMain()
                ? new TensorBoardListener(reporting.runDirectory(out), Json.pretty(provenance))
                : null) {
      // eval_loss beside eval_wer, as the recipe's evaluation reports it (and metric_for_best_model's default)
      Evaluator evaluator = new Evaluator(model, tokenizer, config.maxSymbols(), device, evalLoss);
      if (training.doTrain() && !parallel.isMain()) {
        // a worker rank trains its shard; rank 0 logs, saves, evaluates and predicts
        Trainer trainer = new Trainer(training, model, loss, evaluator, device, List.of(), loader, optimizerSetup, parallel);
        TrainingState resumed = resumeFrom.map(p -> checkpointFor(p, tokenizer)).orElse(null);
        trainer.train(plan(train, parallel), null, resumed);
        parallel.finish();
        return Map.of();
      }
      // greedy during training (fast), the final decoding for the final evaluation and predictions
      DecodingParameters finalDecoding = training.evaluation().finalDecoding();
      DecodingOptions finalOptions = finalDecoding.toOptions(config.maxSymbols());
      Evaluator finalEvaluator = evaluator.withDecoding(finalOptions, finalOptions.strategy().isBeamSearch());
      if (training.doTrain()) {
        List<TrainingListener> listeners = new ArrayList<>(List.of(new ConsoleListener()));
        listeners.add(new ProgressListener(training.loggingAndSaving().loggingSteps()));
        if (tensorboard != null) {
          listeners.add(tensorboard);
        }
        listeners.add(new TrainingCurvesListener(out));
        listeners.add(card);
        listeners.add(
            new CheckpointListener(
                out, training.loggingAndSaving().saveTotalLimit(), model, metadata, modelConfig, tokenizerFiles, provenance));
        if (unfreeze != null) {
          listeners.add(unfreeze);
        }
        Trainer trainer = new Trainer(training, model, loss, evaluator, device, listeners, loader, optimizerSetup, parallel);
        BatchPlan plan = plan(train, parallel);
        TrainingState resumed = resumeFrom.map(p -> checkpointFor(p, tokenizer)).orElse(null);
        if (resumed != null && unfreeze != null) {
          unfreeze.resumeAfter(resumed.trainerState().logHistory());
        }
        Map<String, Object> metrics = trainer.train(plan, eval, resumed);
        parallel.finish();
        metrics.put("train_samples", train.examples().size());
        metrics.put("train_bad_samples", train.badSamples());
        finals = FinalWeights.capture(model, metadata, trainer.ema(), out, training.averaging().averageCheckpoints());
        finals.load(model, finals.finalKind());
        if (finals.finalKind() != FinalWeights.Kind.RAW) {
          metrics.put("train_final_weights", finals.finalKind().label());
          LOG.info("the final model is the " + finals.finalKind().label() + " weights");
        }
        files.saveMetrics("train", metrics);
        saveFinalModel(out, model, modelConfig, tokenizerFiles, finals.weights(finals.finalKind()));
        trainer.state().write(out);
      }
      if (training.doEval()) {
        Map<String, Object> m = new LinkedHashMap<>();
        EvaluationResult r = null;
        for (FinalWeights.Kind kind : evaluationOrder(finals)) {
          if (finals != null) {
            finals.load(model, kind);
          }
          r = finalEvaluator.evaluate(eval, training.evaluation().perDeviceEvalBatchSize(), loader);
          String suffix = kind.suffix();
          r.metrics("eval").forEach((k, v) -> m.put(k.equals("eval_samples") ? k : k + suffix, v));
          r.provenance("eval").forEach((k, v) -> m.put(k.endsWith("_ci95") ? k.replace("_ci95", suffix + "_ci95") : k, v));
        }
        m.put("eval_bad_samples", eval.badSamples());
        files.saveMetrics("eval", m);
        files.savePredictions("eval", r.predictions()); // the final model's, evaluated last
        LOG.info("eval: " + Json.compact(m));
        results.put("eval", m);
      }
      for (PreparedSplit t : testsTokenized) {
        EvaluationResult r = finalEvaluator.evaluate(t, training.evaluation().perDeviceEvalBatchSize(), loader);
        Map<String, Object> m = r.metrics(t.name());
        m.putAll(r.provenance(t.name()));
        m.put(t.name() + "_bad_samples", t.badSamples());
        files.saveMetrics(t.name(), m);
        files.savePredictions(t.name(), r.predictions());
        LOG.info(t.name() + ": " + Json.compact(m));
        results.put(t.name(), m);
      }
      if (tensorboard != null) {
        results.forEach(tensorboard::finalMetrics);
      }
      String arch = startConfig.findString("encoder._target_").map(t -> t.substring(t.lastIndexOf('.') + 1)).orElse("transducer");
      String confName = modelArgs.configPath() != null ? modelArgs.configPath().getFileName().toString() : "the saved model's config";
      card.write(out, new ModelCard.ModelFacts(arch, confName, model.parameterCount(), tokenizer.vocabSize()), results,
          describe(finalDecoding));
      LOG.info("model card: " + out.resolve(ModelCard.FILE_NAME));
    }
    Path all = out.resolve("all_results.json");
    return Files.exists(all) ? Json.mapper().convertValue(Json.read(all), Map.class) : Map.of();
  }

  /** This rank's share of each epoch's batches (all of them with one process). */
  private BatchPlan plan(PreparedSplit train, DataParallel parallel) {
    return new BatchPlan(
        train.examples(), training.schedule().perDeviceTrainBatchSize(), training.schedule().groupByLength(),
        training.seed(), parallel.rank(), parallel.worldSize());
  }

  /** The final decoding as the model card names it: {@code greedy_batch}, {@code beam with beam_size 4}. */
  private static String describe(DecodingParameters decoding) {
    String name = decoding.strategy().nemoName();
    return decoding.strategy().isBeamSearch() ? name + " with beam_size " + decoding.effectiveBeamSize() : name;
  }

  /** The optimizer and schedule: the training arguments', or the conf's optim section with --optim_from_config. */
  private OptimizerSetup optimizerSetup(ConfigNode startConfig) {
    if (training.optimization().optimFromConfig()) {
      if (!startConfig.has("optim")) {
        throw new IllegalArgumentException("--optim_from_config: the model conf has no optim section");
      }
      OptimizerSetup setup = OptimizerSetup.fromNemoConfig(startConfig.child("optim"), training.optimization().optim());
      LOG.info("optimizer from the conf: " + setup.description() + "; --learning_rate, --warmup_steps, --adam_* and"
          + " --lr_scheduler_type are not used");
      return setup;
    }
    if (startConfig.has("optim")) {
      LOG.info("the conf's optim section is not used (--optim_from_config uses it): "
          + training.optimization().optim().flagName() + " with the "
          + training.schedule().lrSchedulerType().fileName() + " schedule of the training arguments (learning_rate "
          + training.optimization().learningRate() + ")");
    }
    return OptimizerSetup.fromArguments(training);
  }

  /** Reads the checkpoint to resume and checks that it was trained with this run's tokenizer. */
  private static TrainingState checkpointFor(Path dir, Tokenizer tokenizer) {
    TrainingState saved = TrainingCheckpointReader.read(dir);
    if (!saved.model().tokenizer().tokenizer().pieces().equals(tokenizer.pieces())) {
      throw new IllegalArgumentException(
          dir + " was trained with another vocabulary (" + saved.model().tokenizer().tokenizer().vocabSize() + " pieces)"
              + " than this run's tokenizer (" + tokenizer.vocabSize() + "); resume with the same --tokenizer_path");
    }
    return saved;
  }

  /** The variants to evaluate, the final model's last (its predictions are written). */
  private static List<FinalWeights.Kind> evaluationOrder(FinalWeights finals) {
    if (finals == null) {
      return List.of(FinalWeights.Kind.RAW);
    }
    List<FinalWeights.Kind> order = new ArrayList<>(finals.kinds());
    order.remove(finals.finalKind());
    order.add(finals.finalKind());
    return order;
  }

  /** Applies --freeze_encoder; returns the listener that applies --unfreeze_encoder, or null. */
  private UnfreezeEncoder freezing(Transducer model) {
    if (!modelArgs.freezeEncoder()) {
      if (modelArgs.unfreezeEncoder()) {
        LOG.warning("--unfreeze_encoder has no effect without --freeze_encoder");
      }
      return null;
    }
    int frozen = EncoderFreezing.freeze(model.encoder().module());
    LOG.info("encoder frozen (" + frozen + " parameter tensors); its BatchNorm layers stay trainable and keep"
        + " updating their running statistics");
    if (!modelArgs.unfreezeEncoder()) {
      return null;
    }
    if (!training.doTrain() || training.evaluation().strategy() == IntervalStrategy.NO) {
      LOG.warning("--unfreeze_encoder unfreezes after the first evaluation during training, but --evaluation_strategy"
          + " is no: the encoder stays frozen");
    }
    return new UnfreezeEncoder(model.encoder().module());
  }

  /**
   * Writes the final model into {@code out}: the rnnt4j directory layout, plus {@code model.nemo}
   * ({@code save_nemo}) and {@code model.safetensors} + {@code config.json} ({@code save_safetensors}).
   */
  private void saveFinalModel(Path out, Transducer model, ConfigNode modelConfig, TokenizerFiles tokenizer, TorchCheckpoint weights) {
    ModelDirectory.save(out, weights, modelConfig, tokenizer, provenance, Map.of());
    LOG.info("saved the final model to " + out);
    if (modelArgs.saveNemo()) {
      NemoExport.write(out.resolve(NemoExport.FILE_NAME), modelConfig, weights, tokenizer);
      LOG.info("saved " + out.resolve(NemoExport.FILE_NAME) + " (NeMo's restore_from reads it)");
    }
    if (modelArgs.saveSafetensors()) {
      SafetensorsExport.write(out, modelConfig, weights, tokenizer.tokenizer().pieces(), tokenizer.directoryName());
      LOG.info("saved " + out.resolve(SafetensorsExport.WEIGHTS) + " and " + SafetensorsExport.CONFIG);
    }
  }
}

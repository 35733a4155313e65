package org.rnnt4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.model.ObjectiveOptions;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.TransducerObjectives;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.LinearSchedule;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;

/**
 * {@code rnnt4j train}: the Python recipe's main flow. Prepare the data, find or train the tokenizer,
 * build the model from the conf (or load a saved one), train, save the final model into
 * {@code output_dir}, then evaluate ({@code --do_eval}) and predict on each test set
 * ({@code --do_predict}), writing HF-style results and NeMo-style prediction files.
 */
public final class TrainingRun {
  private static final Logger LOG = Logger.getLogger(TrainingRun.class.getName());

  private final TrainingArguments training;
  private final DataArguments data;
  private final ModelArguments modelArgs;
  private final ObjectiveOptions objective;
  private final Map<String, Object> provenance;

  /** Trains with the exact loss over whole batches. */
  public TrainingRun(TrainingArguments training, DataArguments data, ModelArguments model, Map<String, Object> provenance) {
    this(training, data, model, ObjectiveOptions.exact(), provenance);
  }

  /** @param objective the training loss: exact, fused sub-batches or pruned */
  public TrainingRun(
      TrainingArguments training, DataArguments data, ModelArguments model, ObjectiveOptions objective,
      Map<String, Object> provenance) {
    this.training = training;
    this.data = data;
    this.modelArgs = model;
    this.objective = objective;
    this.provenance = provenance;
  }

  /** Runs everything the do_* flags ask for; returns the merged metrics (all_results.json). */
  public Map<String, Object> run() {
    Path out = training.outputDir();
    OutputFiles.prepare(out, training.overwriteOutputDir(), training.doTrain());
    Engine.seed(training.seed());
    Device device = Engine.require(Device.parse(training.device()));
    ConfigNode modelConfig = loadModelConfig();
    TransducerConfig config = TransducerConfigBinder.bind(modelConfig);
    if (modelConfig.has("optim")) {
      LOG.info("the conf's optim section is not used: AdamW with a linear schedule from the training arguments"
          + " (learning_rate " + training.learningRate() + ", warmup_steps " + training.warmupSteps() + ")");
    }
    int sampleRate = config.preprocessor().sampleRate();
    DatasetPreparation prep = new DatasetPreparation(data, sampleRate);
    PreparedSplit train = training.doTrain() ? prep.train() : null;
    boolean needEval = training.doEval() || (training.doTrain() && training.evaluationStrategy() != IntervalStrategy.NO);
    PreparedSplit eval = needEval ? prep.eval() : null;
    List<PreparedSplit> tests = training.doPredict() ? prep.tests() : List.of();

    Path tokenizerDir = tokenizerDir(train);
    Tokenizer tokenizer = Tokenizer.load(tokenizerDir);
    train = tokenize(train, tokenizer);
    eval = tokenize(eval, tokenizer);
    List<PreparedSplit> testsTokenized = new ArrayList<>();
    for (PreparedSplit t : tests) {
      testsTokenized.add(tokenize(t, tokenizer));
    }

    Transducer model = Transducers.build(config, tokenizer.vocabSize(), training.seed());
    if (modelArgs.modelNameOrPath() != null) {
      model.loadStateDict(ModelDirectory.readWeights(modelArgs.modelNameOrPath()), true);
      LOG.info("loaded weights from " + modelArgs.modelNameOrPath());
    }
    model.to(device);
    LOG.info(String.format("model: %,d parameters, vocabulary %d + blank", model.parameterCount(), tokenizer.vocabSize()));

    OutputFiles files = new OutputFiles(out);
    Map<String, Object> badSamples = new LinkedHashMap<>();
    TransducerConfig.LossConfig lc = config.loss();
    try (TransducerObjective loss = TransducerObjectives.create(objective, model, lc);
        BatchLoader loader = new BatchLoader(training.dataloaderNumWorkers(), sampleRate)) {
      Evaluator evaluator = new Evaluator(model, tokenizer, config.maxSymbols(), device, null);
      Trainer trainer = null;
      if (training.doTrain()) {
        Trainer.CheckpointSaver saver = (dir, opt, sched, state) -> saveCheckpoint(dir, model, modelConfig, tokenizerDir, tokenizer, opt, sched, state);
        trainer = new Trainer(training, model, loss, evaluator, device, saver, List.of(new ConsoleListener()), loader);
        BatchPlan plan = new BatchPlan(train.examples(), training.perDeviceTrainBatchSize(), training.groupByLength(), training.seed());
        Map<String, Object> metrics = trainer.train(plan, eval);
        metrics.put("train_samples", train.examples().size());
        metrics.put("train_bad_samples", train.badSamples());
        files.saveMetrics("train", metrics);
        ModelDirectory.save(out, model, modelConfig, tokenizerDir, tokenizer.pieces(), provenance, Map.of());
        trainer.state().write(out);
        LOG.info("saved the final model to " + out);
      }
      if (training.doEval()) {
        EvaluationResult r = evaluator.evaluate(eval, training.perDeviceEvalBatchSize(), loader);
        Map<String, Object> m = r.metrics("eval");
        m.put("eval_bad_samples", eval.badSamples());
        files.saveMetrics("eval", m);
        files.savePredictions("eval", r.predictions());
        LOG.info("eval: " + Json.compact(m));
      }
      for (PreparedSplit t : testsTokenized) {
        EvaluationResult r = evaluator.evaluate(t, training.perDeviceEvalBatchSize(), loader);
        Map<String, Object> m = r.metrics(t.name());
        m.put(t.name() + "_bad_samples", t.badSamples());
        files.saveMetrics(t.name(), m);
        files.savePredictions(t.name(), r.predictions());
        LOG.info(t.name() + ": " + Json.compact(m));
      }
    }
    Path all = out.resolve("all_results.json");
    return Files.exists(all) ? Json.mapper().convertValue(Json.read(all), Map.class) : Map.of();
  }

  private ConfigNode loadModelConfig() {
    if (modelArgs.modelNameOrPath() != null) {
      return ModelDirectory.readConfig(modelArgs.modelNameOrPath());
    }
    if (modelArgs.configPath() == null) {
      throw new IllegalArgumentException("give --config_path (a NeMo model conf) or --model_name_or_path (a saved model)");
    }
    if (!Files.isRegularFile(modelArgs.configPath())) {
      throw new IllegalArgumentException("--config_path " + modelArgs.configPath() + " does not exist");
    }
    return ConfigNode.load(modelArgs.configPath()).modelSection();
  }

  private Path tokenizerDir(PreparedSplit train) {
    if (modelArgs.modelNameOrPath() != null) {
      return ModelDirectory.tokenizerDir(modelArgs.modelNameOrPath(), ModelDirectory.readConfig(modelArgs.modelNameOrPath()));
    }
    List<String> texts = train == null ? List.of() : train.examples().stream().map(Example::text).toList();
    return TokenizerSetup.findOrTrain(modelArgs.tokenizerPath(), modelArgs.vocabSize(), data.doLowerCase(), texts);
  }

  private static PreparedSplit tokenize(PreparedSplit split, Tokenizer tokenizer) {
    if (split == null) {
      return null;
    }
    List<Example> out = new ArrayList<>();
    long unknown = 0;
    for (Example e : split.examples()) {
      int[] ids = tokenizer.encode(e.text());
      for (int id : ids) {
        if (id == 0) {
          unknown++;
        }
      }
      out.add(e.withTokens(ids));
    }
    if (unknown > 0) {
      LOG.warning(split.name() + ": " + unknown + " tokens are <unk> (characters the tokenizer does not know)");
    }
    return split.withExamples(out);
  }

  private void saveCheckpoint(
      Path dir, Transducer model, ConfigNode modelConfig, Path tokenizerDir, Tokenizer tokenizer,
      AdamW optimizer, LinearSchedule schedule, TrainerState state) {
    Map<String, java.util.function.Consumer<Path>> extra = new LinkedHashMap<>();
    extra.put("optimizer.safetensors", p -> {
      Map<String, NamedArray> arrays = new LinkedHashMap<>();
      optimizer.state().forEach((k, v) -> arrays.put(k, org.rnnt4j.engine.Arrays.toArray(v)));
      SafeTensors.write(p, arrays, Map.of("step", Long.toString(optimizer.stepCount())));
    });
    extra.put("scheduler.json", p -> Json.write(p, Map.of(
        "name", "linear", "peak_lr", schedule.peakLr(), "warmup_steps", schedule.warmupSteps(),
        "total_steps", schedule.totalSteps(), "step", state.globalStep(), "last_lr", schedule.lr(state.globalStep()))));
    extra.put("rng_state.json", p -> Json.write(p, Map.of(
        "seed", training.seed(), "global_step", state.globalStep(), "epoch", state.epoch(),
        "note", "sampler orders are a function of (seed, epoch); libtorch generators are reseeded from seed")));
    extra.put("trainer_state.json", p -> Json.write(p, state.toJson()));
    ModelDirectory.save(dir, model, modelConfig, tokenizerDir, tokenizer.pieces(), provenance, extra);
  }
}

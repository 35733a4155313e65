package org.rnnt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.loading.ModelFetch;
import org.rnnt4j.model.LossKind;
import org.rnnt4j.model.ObjectiveOptions;
import org.rnnt4j.model.PruningOptions;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.train.IntervalStrategy;
import org.rnnt4j.train.MixedPrecision;
import org.rnnt4j.progress.ProgressMode;
import org.rnnt4j.progress.ProgressSettings;
import org.rnnt4j.train.run.PreprocessingOnly;
import org.rnnt4j.train.reporting.ReportTarget;
import org.rnnt4j.train.reporting.ReportingArguments;
import org.rnnt4j.decoding.DecodingParameters;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.train.TrainingArguments;
import org.rnnt4j.train.run.TrainingRun;
import org.rnnt4j.util.BuildInfo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rnnt4j train}: the Python recipe's {@code run_speech_recognition_rnnt.py} with its flag names.
 * Boolean flags take HfArgumentParser's forms: {@code --flag}, {@code --flag True}, {@code --flag=False}.
 * The flags are converted once into {@link TrainingArguments}, {@link DataArguments}, {@link
 * ModelArguments} and {@link ObjectiveOptions}; the dataset, evaluation and device flags are declared
 * once, in the mixins {@code evaluate} shares. As HfArgumentParser, {@code rnnt4j train args.json} reads
 * the flags from one JSON file given as the only argument.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train (fine-tune), evaluate and predict with an RNN-T model, as the Python recipe does.")
public final class TrainCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger("rnnt4j");
  private static final String BOOL = "0..1";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  // ---- model
  @Option(names = "--config_path", description = "NeMo model conf (YAML, with or without a model: root); a name not found as given is looked for in conf/ (e.g. conformer_transducer_bpe_xlarge.yaml).")
  Path configPath;

  @Option(names = "--model_name_or_path", description = "A model to fine-tune: a .nemo, an rnnt4j model directory, a Hub id (ORG/NAME) or a NeMo pretrained name (stt_en_conformer_transducer_xlarge = nvidia/NAME on the Hub), from the Hugging Face cache (fetched with --download). Its weights are loaded; the tokenizer of --tokenizer_path (found or trained) replaces its own, transferring the rows of shared pieces when the vocabulary differs.")
  String modelNameOrPath;

  @Option(names = "--pretrained_model_name_or_path", description = "A model to restore as it is (a .nemo, a model directory, a Hub id or NeMo pretrained name): its config, weights and tokenizer, no vocabulary change.")
  String pretrainedModelNameOrPath;

  @Option(names = "--cache_dir", description = "The Hugging Face Hub cache for models (default: HF_HUB_CACHE, else HF_HOME/hub).")
  Path cacheDir;

  @Option(names = "--freeze_encoder", arity = BOOL, fallbackValue = "true", description = "Do not train the encoder, except its BatchNorm layers (which also keep updating their statistics).")
  boolean freezeEncoder;

  @Option(names = "--unfreeze_encoder", arity = BOOL, fallbackValue = "true", description = "With --freeze_encoder: unfreeze the encoder after the first evaluation during training.")
  boolean unfreezeEncoder;

  @Option(names = "--save_nemo", arity = BOOL, fallbackValue = "true", defaultValue = "true", description = "Also write the final model as output_dir/model.nemo, NeMo's archive (default: ${DEFAULT-VALUE}).")
  boolean saveNemo;

  @Option(names = "--save_safetensors", arity = BOOL, fallbackValue = "true", description = "Also write the final model as output_dir/model.safetensors + config.json (Hugging Face style).")
  boolean saveSafetensors;

  @Option(names = "--tokenizer_path", defaultValue = "tokenizers", description = "Root dir: an existing tokenizer_spe_bpe_v{N}/ under it is reused, else one is trained (default: ${DEFAULT-VALUE}). With --model_name_or_path, only when given: otherwise the checkpoint's tokenizer is kept.")
  Path tokenizerPath;

  @Option(names = "--vocab_size", defaultValue = "1024", description = "Tokenizer pieces (default: ${DEFAULT-VALUE}).")
  int vocabSize;

  @Mixin DeviceOption deviceOption;

  // ---- data: the dataset and how it is read (shared with evaluate)
  @Mixin DatasetOptions dataset;

  // ---- data: the splits and their filters
  @Option(names = "--preprocessing_only", arity = BOOL, fallbackValue = "true", description = "Prepare the data (download with --download, filter, clean, decode), write output_dir/preprocessing_report.json and stop.")
  boolean preprocessingOnly;

  @Option(names = "--train_split_name", defaultValue = "train", description = "Training split; a+b concatenates, slices as HF (train[:80%%]) (default: ${DEFAULT-VALUE}).")
  String trainSplitName;

  @Option(names = "--test_split_name", defaultValue = "test", description = "Test splits; a+b names separate test sets, each reported (default: ${DEFAULT-VALUE}).")
  String testSplitName;

  @Option(names = "--train_manifest", description = "NeMo JSONL manifests for training, comma-separated (instead of --dataset_name).")
  String trainManifest;

  @Option(names = "--eval_manifest", description = "NeMo manifests for evaluation, comma-separated.")
  String evalManifest;

  @Option(names = "--test_manifest", description = "NeMo manifests, comma-separated; each is a test set.")
  String testManifest;

  @Option(names = "--max_duration_in_seconds", defaultValue = "20.0", description = "Drop longer training utterances (default: ${DEFAULT-VALUE}).")
  double maxDurationInSeconds;

  @Option(names = "--min_duration_in_seconds", defaultValue = "0.0", description = "Drop shorter training utterances (default: ${DEFAULT-VALUE}).")
  double minDurationInSeconds;

  @Option(names = "--max_train_samples", description = "Use only the first N training utterances.")
  Long maxTrainSamples;

  @Option(names = "--max_predict_samples", description = "Use only the first N utterances of each test set.")
  Long maxPredictSamples;

  @Option(names = "--max_target_length", description = "Drop training utterances whose transcript has more tokens (declared but unused by the recipe: off unless given).")
  Integer maxTargetLength;

  @Option(names = "--min_target_length", description = "Drop training utterances whose transcript has fewer tokens (declared but unused by the recipe: off unless given).")
  Integer minTargetLength;

  // ---- evaluation (shared with evaluate)
  @Mixin EvaluationOptions evaluation;

  // ---- training arguments (Hugging Face)
  // required, but checked in call(): `train args.json` gives it in the file
  @Option(names = "--output_dir", description = "Where checkpoints, the final model and results go (required).")
  Path outputDir;

  @Option(names = "--overwrite_output_dir", arity = BOOL, fallbackValue = "true", description = "Allow a non-empty --output_dir.")
  boolean overwriteOutputDir;

  @Option(names = "--do_train", arity = BOOL, fallbackValue = "true", description = "Train.")
  boolean doTrain;

  @Option(names = "--do_eval", arity = BOOL, fallbackValue = "true", description = "Evaluate on the eval split after training.")
  boolean doEval;

  @Option(names = "--do_predict", arity = BOOL, fallbackValue = "true", description = "Predict on each test split.")
  boolean doPredict;

  @Option(names = "--num_train_epochs", defaultValue = "3.0", description = "Epochs, may be fractional (default: ${DEFAULT-VALUE}).")
  double numTrainEpochs;

  @Option(names = "--max_steps", defaultValue = "-1", description = "Total steps; overrides --num_train_epochs (default: ${DEFAULT-VALUE}).")
  long maxSteps;

  @Option(names = "--per_device_train_batch_size", defaultValue = "8", description = "Training batch size (default: ${DEFAULT-VALUE}).")
  int perDeviceTrainBatchSize;

  @Option(names = "--learning_rate", defaultValue = "5e-5", description = "Peak AdamW learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--weight_decay", defaultValue = "0.0", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(names = "--adam_beta1", defaultValue = "0.9", description = "(default: ${DEFAULT-VALUE})")
  double adamBeta1;

  @Option(names = "--adam_beta2", defaultValue = "0.999", description = "(default: ${DEFAULT-VALUE})")
  double adamBeta2;

  @Option(names = "--adam_epsilon", defaultValue = "1e-8", description = "(default: ${DEFAULT-VALUE})")
  double adamEpsilon;

  @Option(names = "--optim", defaultValue = "adamw_torch", converter = Converters.Optim.class, description = "Optimizer, by Hugging Face's name: adamw_torch (AdamW) or adamw_bnb_8bit (bitsandbytes' 8-bit AdamW: block-wise quantised moments, about a quarter of AdamW's state memory) (default: ${DEFAULT-VALUE}).")
  OptimizerName optim;

  @Option(names = "--use_adam8bit", arity = BOOL, fallbackValue = "true", description = "The Python recipe's flag for bitsandbytes' 8-bit AdamW: the same as --optim adamw_bnb_8bit.")
  boolean useAdam8bit;

  @Option(names = "--gradient_checkpointing", arity = BOOL, fallbackValue = "true", description = "Recompute the encoder blocks' activations in the backward pass instead of keeping them: the same gradients with less memory, for more compute (Hugging Face's flag).")
  boolean gradientCheckpointing;

  @Option(names = "--bf16", arity = BOOL, fallbackValue = "true", description = "Mixed precision: the encoder, prediction network and joint run under autocast to bfloat16; weights, optimizer state, features and the loss stay float32 (Hugging Face's flag).")
  boolean bf16;

  @Option(names = "--fp16", arity = BOOL, fallbackValue = "true", description = "Mixed precision: autocast to float16 with dynamic loss scaling (GradScaler's: initial scale 65536, doubled after 2000 good updates, halved and the update skipped on inf/NaN); weights, optimizer state, features and the loss stay float32 (Hugging Face's flag).")
  boolean fp16;

  @Option(names = "--max_grad_norm", defaultValue = "1.0", description = "Gradient clipping norm (default: ${DEFAULT-VALUE}).")
  double maxGradNorm;

  @Option(names = "--warmup_steps", defaultValue = "0", description = "Linear warm-up steps (default: ${DEFAULT-VALUE}).")
  long warmupSteps;

  @Option(names = "--warmup_ratio", defaultValue = "0.0", description = "Warm-up as a share of all steps, when --warmup_steps is 0.")
  double warmupRatio;

  @Option(names = "--logging_steps", defaultValue = "500", description = "Log every N steps (default: ${DEFAULT-VALUE}).")
  long loggingSteps;

  @Option(names = {"--evaluation_strategy", "--eval_strategy"}, defaultValue = "no", converter = Converters.Interval.class, description = "no, steps or epoch (default: ${DEFAULT-VALUE}).")
  IntervalStrategy evaluationStrategy;

  @Option(names = "--eval_steps", description = "Evaluate every N steps (default: --logging_steps).")
  Long evalSteps;

  @Option(names = "--save_strategy", defaultValue = "steps", converter = Converters.Interval.class, description = "no, steps or epoch (default: ${DEFAULT-VALUE}).")
  IntervalStrategy saveStrategy;

  @Option(names = "--save_steps", defaultValue = "500", description = "Save checkpoint-N/ every N steps (default: ${DEFAULT-VALUE}).")
  long saveSteps;

  @Option(names = "--save_total_limit", defaultValue = "0", description = "Keep at most N checkpoints (0 = all).")
  int saveTotalLimit;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  // ---- reporting (Hugging Face's names)
  @Option(names = "--report_to", defaultValue = "all", description = "Where metrics go: all (= what is built in: tensorboard), tensorboard, wandb (writes the TensorBoard files for `wandb sync`; W&B is not built in) or none (default: ${DEFAULT-VALUE}).")
  String reportTo;

  @Option(names = "--run_name", description = "Names the TensorBoard run (output_dir/runs/RUN_NAME) and the model card.")
  String runName;

  @Option(names = "--logging_dir", description = "TensorBoard run directory (default: output_dir/runs/RUN_NAME, else output_dir/runs/{Mon}{DD}_{HH-MM-SS}_{host}).")
  Path loggingDir;

  @Option(names = "--disable_tqdm", arity = BOOL, fallbackValue = "true", description = "No progress bar: progress goes to the log as lines (every --logging_steps, and at least every 30 s), as it does anyway when stderr is not a terminal.")
  boolean disableTqdm;

  @Option(names = "--group_by_length", arity = BOOL, fallbackValue = "true", description = "Batch utterances of similar length (HF's length-grouped sampler).")
  boolean groupByLength;

  @Option(names = "--dataloader_num_workers", defaultValue = "1", description = "Threads preparing batches ahead of training (default: ${DEFAULT-VALUE}).")
  int dataloaderNumWorkers;

  // ---- training objective (the recipe's ModelArguments, plus the pruned loss)
  @Option(names = "--loss", defaultValue = "exact", converter = Converters.Loss.class, description = "Training loss: exact (RNN-T over the full joint) or pruned (k2's pruned RNN-T) (default: ${DEFAULT-VALUE}).")
  LossKind loss;

  @Option(names = "--fuse_loss_wer", arity = BOOL, fallbackValue = "true", defaultValue = "true", description = "Run the joint, the exact loss and its backward over sub-batches of --fused_batch_size utterances (NeMo's fused step): same loss and gradients, peak memory of N utterances' joint instead of the batch's (default: ${DEFAULT-VALUE}, as in the recipe). Ignored with --loss pruned.")
  boolean fuseLossWer;

  @Option(names = "--fused_batch_size", defaultValue = "8", description = "N, utterances per fused sub-batch (default: ${DEFAULT-VALUE}).")
  int fusedBatchSize;

  @Option(names = "--prune_range", defaultValue = "5", description = "--loss pruned: label positions S kept per frame; raised to ceil(U/T)+1 when a batch needs it, lowered to U+1 (no pruning) (default: ${DEFAULT-VALUE}, icefall's --prune-range).")
  int pruneRange;

  @Option(names = "--simple_loss_scale", defaultValue = "0.5", description = "--loss pruned: weight of the simple joiner's loss after warm-up (default: ${DEFAULT-VALUE}, icefall's --simple-loss-scale).")
  double simpleLossScale;

  @Option(names = "--prune_warmup_steps", defaultValue = "2000", description = "--loss pruned: steps over which the simple loss's weight falls from 1 to --simple_loss_scale and the pruned loss's rises from 0.1 to 1 (default: ${DEFAULT-VALUE}, icefall's warm_step; 0 = none).")
  long pruneWarmupSteps;

  @Option(names = "--simple_lm_scale", defaultValue = "0.25", description = "--loss pruned: smoothing of the simple loss with the label context alone (default: ${DEFAULT-VALUE}, icefall's --lm-scale).")
  double simpleLmScale;

  @Option(names = "--simple_am_scale", defaultValue = "0.0", description = "--loss pruned: smoothing of the simple loss with the acoustics alone (default: ${DEFAULT-VALUE}, icefall's --am-scale).")
  double simpleAmScale;

  // ---- the final evaluation's decoding (evaluation during training is greedy)
  @Option(names = "--final_decoding_strategy", defaultValue = "beam", converter = Converters.Decoding.class, description = "Decoding of the final evaluation and predictions, NeMo's names (greedy_batch, beam, maes, malsd_batch, ...); evaluation during training is greedy (default: ${DEFAULT-VALUE}, the recipe README's beam search).")
  DecodingStrategy finalDecodingStrategy;

  @Option(names = "--final_num_beams", defaultValue = "4", description = "Beam size of the final decoding with a beam strategy (default: ${DEFAULT-VALUE}).")
  int finalNumBeams;

  // ---- long runs: resumption, accumulation, schedules, best model, averaged weights
  @Mixin LongRunOptions longRun;

  // ---- data-parallel training
  @Mixin DistributedOptions distributed;

  @Parameters(arity = "0..1", paramLabel = "ARGS.json", description = "A JSON file of flags, {\"flag\": value, ...}, as the only argument (HfArgumentParser's parse_json_file).")
  Path argumentsFile;

  @ArgGroup(exclusive = false, heading = "%nAccepted for compatibility with the Python recipe's scripts (a warning says when one changes nothing here):%n")
  RecipeCompatibilityFlags compatibility;

  @Override
  public Integer call() {
    if (argumentsFile != null) {
      if (!spec.commandLine().getParseResult().matchedOptions().isEmpty()) {
        throw new IllegalArgumentException("a JSON file of arguments must be the only argument of train, as HfArgumentParser reads it");
      }
      List<String> args = new ArrayList<>(List.of("train"));
      args.addAll(JsonArguments.flags(argumentsFile));
      return Main.run(args.toArray(String[]::new));
    }
    if (outputDir == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--output_dir=<outputDir>'");
    }
    warnUnimplemented();
    if (disableTqdm) {
      ProgressSettings.install(ProgressSettings.of(ProgressMode.LINES));
    }
    ReportingArguments reporting = reportingArguments();
    ObjectiveOptions objective = objectiveOptions();
    TrainingArguments training = trainingArguments();
    if (!doTrain && !doEval && !doPredict) {
      throw new IllegalArgumentException("nothing to do: give --do_train, --do_eval and/or --do_predict");
    }
    DataArguments data = dataArguments();
    ModelArguments model = modelArguments();
    if (preprocessingOnly) {
      new PreprocessingOnly(training, data, model).run();
      return 0;
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("rnnt4j", BuildInfo.version());
    provenance.put("java", System.getProperty("java.version"));
    provenance.put("libtorch", BuildInfo.libtorchDescription());
    provenance.put("seed", seed);
    List<String> originalArgs = spec.commandLine().getParseResult().originalArgs();
    provenance.put("command_line", String.join(" ", originalArgs));
    List<String> workerArgs = new ArrayList<>(originalArgs);
    if (workerArgs.isEmpty() || !workerArgs.get(0).equals(spec.name())) {
      workerArgs.add(0, spec.name()); // the workers run the same command: train FLAGS
    }
    DistributedOptions.Role role = distributed.start(workerArgs, doTrain);
    if (role.options().environment().isDistributed()) {
      provenance.put("world_size", role.options().environment().worldSize());
    }
    try {
      new TrainingRun(training, data, model, objective, provenance, reporting, role.options()).run();
    } catch (RuntimeException e) {
      role.explainFailure(); // a dead peer is named, not the collective's dropped connection
      throw e;
    }
    role.awaitWorkers();
    return 0;
  }

  ReportingArguments reportingArguments() {
    Set<ReportTarget> targets = ReportTarget.parseList(reportTo);
    if (targets.contains(ReportTarget.WANDB)) {
      String project = compatibility != null && compatibility.wandbProject != null ? " -p " + compatibility.wandbProject : "";
      LOG.warning("--report_to wandb: Weights & Biases is not built into rnnt4j; the TensorBoard event files written to "
          + outputDir.resolve("runs") + " can be uploaded with `wandb sync --sync-tensorboard" + project + " " + outputDir.resolve("runs")
          + "/RUN`, or viewed with `tensorboard --logdir " + outputDir.resolve("runs") + "`");
    }
    return new ReportingArguments(targets, runName, loggingDir);
  }

  ObjectiveOptions objectiveOptions() {
    if (fuseLossWer && fusedBatchSize < 1) {
      throw new IllegalArgumentException(
          "--fused_batch_size must be >= 1 with --fuse_loss_wer, got " + fusedBatchSize);
    }
    return new ObjectiveOptions(
        loss, fuseLossWer ? fusedBatchSize : 0,
        new PruningOptions(pruneRange, simpleLossScale, pruneWarmupSteps, simpleLmScale, simpleAmScale));
  }

  TrainingArguments trainingArguments() {
    TrainingArguments.Builder builder = TrainingArguments.builder(outputDir)
        .overwriteOutputDir(overwriteOutputDir)
        .doTrain(doTrain)
        .doEval(doEval)
        .doPredict(doPredict)
        .numTrainEpochs(numTrainEpochs)
        .maxSteps(maxSteps)
        .perDeviceTrainBatchSize(perDeviceTrainBatchSize)
        .perDeviceEvalBatchSize(evaluation.perDeviceEvalBatchSize)
        .finalDecoding(DecodingParameters.of(finalDecodingStrategy, finalNumBeams))
        .learningRate(learningRate)
        .weightDecay(weightDecay)
        .adamBeta1(adamBeta1)
        .adamBeta2(adamBeta2)
        .adamEpsilon(adamEpsilon)
        .maxGradNorm(maxGradNorm)
        .optim(optimizer())
        .gradientCheckpointing(gradientCheckpointing)
        .precision(MixedPrecision.of(bf16, fp16))
        .warmupSteps(warmupSteps)
        .warmupRatio(warmupRatio)
        .loggingSteps(loggingSteps)
        .evaluationStrategy(evaluationStrategy)
        .evalSteps(evalSteps)
        .saveStrategy(saveStrategy)
        .saveSteps(saveSteps)
        .saveTotalLimit(saveTotalLimit)
        .seed(seed)
        .groupByLength(groupByLength)
        .dataloaderNumWorkers(dataloaderNumWorkers)
        .device(deviceOption.device);
    return longRun.applyTo(builder).build();
  }

  /** {@code --optim}, or 8-bit AdamW for the recipe's {@code --use_adam8bit}; the two must not disagree. */
  OptimizerName optimizer() {
    if (!useAdam8bit) {
      return optim;
    }
    if (spec.commandLine().getParseResult().hasMatchedOption("--optim") && optim != OptimizerName.ADAMW_BNB_8BIT) {
      throw new IllegalArgumentException(
          "--use_adam8bit asks for adamw_bnb_8bit but --optim is " + optim.flagName() + ": give one of them");
    }
    return OptimizerName.ADAMW_BNB_8BIT;
  }

  DataArguments dataArguments() {
    return DataArguments.builder()
        .dataset(dataset.selection())
        .trainSplitName(trainSplitName)
        .evalSplitName(evaluation.evalSplitName)
        .testSplitName(testSplitName)
        .trainManifest(trainManifest)
        .evalManifest(evalManifest)
        .testManifest(testManifest)
        .maxDurationSeconds(maxDurationInSeconds)
        .minDurationSeconds(minDurationInSeconds)
        .maxEvalDurationSeconds(evaluation.maxEvalDurationInSeconds)
        .maxTrainSamples(maxTrainSamples)
        .maxEvalSamples(evaluation.maxEvalSamples)
        .maxPredictSamples(maxPredictSamples)
        .targetLengths(minTargetLength, maxTargetLength)
        .build();
  }

  ModelArguments modelArguments() {
    // The checkpoint's tokenizer is kept unless one is asked for: --tokenizer_path given, or a conf to build from.
    boolean tokenizerGiven = spec.commandLine().getParseResult().hasMatchedOption("--tokenizer_path");
    Path tokenizerRoot = modelNameOrPath != null && !tokenizerGiven ? null : tokenizerPath;
    Path conf = ConfLocator.locate(configPath);
    if (conf != null && !Files.isRegularFile(conf)) {
      throw new IllegalArgumentException("--config_path " + configPath + " does not exist; also looked for "
          + ConfLocator.candidates(configPath));
    }
    return new ModelArguments(
        conf, modelNameOrPath, pretrainedModelNameOrPath, tokenizerRoot, vocabSize, freezeEncoder,
        unfreezeEncoder, saveNemo, saveSafetensors, new ModelFetch(cacheDir, dataset.download));
  }

  private void warnUnimplemented() {
    if (compatibility != null) {
      compatibility.warnings(spec.commandLine().getParseResult(), HubEnvironment.fromSystem()).forEach(LOG::warning);
    }
  }
}

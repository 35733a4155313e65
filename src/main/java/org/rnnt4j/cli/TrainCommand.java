package org.rnnt4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.rnnt4j.model.LossKind;
import org.rnnt4j.model.ObjectiveOptions;
import org.rnnt4j.model.PruningOptions;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.train.IntervalStrategy;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.train.TrainingArguments;
import org.rnnt4j.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rnnt4j train}: the Python recipe's {@code run_speech_recognition_rnnt.py} with its flag names.
 * Boolean flags take HfArgumentParser's forms: {@code --flag}, {@code --flag True}, {@code --flag=False}.
 * The flags are converted once into {@link TrainingArguments}, {@link DataArguments} and
 * {@link ModelArguments}.
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
  @Option(names = "--config_path", description = "NeMo model conf (YAML, with or without a model: root).")
  Path configPath;

  @Option(names = "--model_name_or_path", description = "A model to fine-tune: a .nemo, an rnnt4j model directory or a Hub id (ORG/NAME) in the local Hugging Face cache. Its weights are loaded; the tokenizer of --tokenizer_path (found or trained) replaces its own, transferring the rows of shared pieces when the vocabulary differs.")
  String modelNameOrPath;

  @Option(names = "--pretrained_model_name_or_path", description = "A model to restore as it is (a .nemo, a model directory or a cached Hub id): its config, weights and tokenizer, no vocabulary change.")
  String pretrainedModelNameOrPath;

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

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  // ---- data
  @Option(names = "--dataset_name", description = "A local Hugging Face dataset folder (Parquet shards), a datasets.save_to_disk folder, or a Hub id (ORG/NAME) already in the Hugging Face cache (HF_HUB_CACHE / HF_HOME).")
  String datasetName;

  // ---- data: rnnt4j additions (flags the Python recipe does not have)
  @Option(names = "--download", arity = BOOL, fallbackValue = "true", description = "Download --dataset_name from the Hub (HF_ENDPOINT, HF_TOKEN) into the Hugging Face cache if it is not there; never done without this flag.")
  boolean download;

  @Option(names = "--transcript_normalization", defaultValue = "auto", description = "The recipe's per-dataset transcript rules: auto (by --dataset_name), none, or one of common_voice, tedlium, gigaspeech, switchboard, earnings22, librispeech_asr, voxpopuli, ami, spgispeech (default: ${DEFAULT-VALUE}).")
  String transcriptNormalization;

  @Option(names = "--preprocessing_only", arity = BOOL, fallbackValue = "true", description = "Prepare the data (download with --download, filter, clean, decode), write output_dir/preprocessing_report.json and stop.")
  boolean preprocessingOnly;
  // ---- end of rnnt4j data additions

  @Option(names = "--dataset_config_name", description = "The dataset config (README front matter config_name).")
  String datasetConfigName;

  @Option(names = "--train_split_name", defaultValue = "train", description = "Training split; a+b concatenates, slices as HF (train[:80%%]) (default: ${DEFAULT-VALUE}).")
  String trainSplitName;

  @Option(names = "--eval_split_name", defaultValue = "validation", description = "Evaluation split, as --train_split_name (default: ${DEFAULT-VALUE}).")
  String evalSplitName;

  @Option(names = "--test_split_name", defaultValue = "test", description = "Test splits; a+b names separate test sets, each reported (default: ${DEFAULT-VALUE}).")
  String testSplitName;

  @Option(names = "--text_column_name", defaultValue = "text", description = "Transcript column (default: ${DEFAULT-VALUE}).")
  String textColumnName;

  @Option(names = "--audio_column_name", defaultValue = "audio", description = "Audio column (default: ${DEFAULT-VALUE}).")
  String audioColumnName;

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

  @Option(names = "--max_eval_duration_in_seconds", description = "Also drop longer eval/test utterances (off by default, unlike the recipe).")
  Double maxEvalDurationInSeconds;

  @Option(names = "--max_train_samples", description = "Use only the first N training utterances.")
  Long maxTrainSamples;

  @Option(names = "--max_eval_samples", description = "Use only the first N evaluation utterances.")
  Long maxEvalSamples;

  @Option(names = "--max_predict_samples", description = "Use only the first N utterances of each test set.")
  Long maxPredictSamples;

  @Option(names = "--do_lower_case", arity = BOOL, fallbackValue = "true", defaultValue = "true", description = "Lower-case transcripts (default: ${DEFAULT-VALUE}).")
  boolean doLowerCase;

  @Option(names = "--preprocessing_num_workers", defaultValue = "2", description = "Threads decoding audio during preparation (default: ${DEFAULT-VALUE}).")
  int preprocessingNumWorkers;

  @Option(names = "--fail_on_bad_samples", arity = BOOL, fallbackValue = "true", description = "Fail on corrupt/empty audio or transcripts the tokenizer cannot encode, instead of skipping and counting them.")
  boolean failOnBadSamples;

  // ---- training arguments (Hugging Face)
  @Option(names = "--output_dir", required = true, description = "Where checkpoints, the final model and results go.")
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

  @Option(names = "--per_device_eval_batch_size", defaultValue = "8", description = "Evaluation batch size (default: ${DEFAULT-VALUE}).")
  int perDeviceEvalBatchSize;

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

  @Option(names = "--max_grad_norm", defaultValue = "1.0", description = "Gradient clipping norm (default: ${DEFAULT-VALUE}).")
  double maxGradNorm;

  @Option(names = "--warmup_steps", defaultValue = "0", description = "Linear warm-up steps (default: ${DEFAULT-VALUE}).")
  long warmupSteps;

  @Option(names = "--warmup_ratio", defaultValue = "0.0", description = "Warm-up as a share of all steps, when --warmup_steps is 0.")
  double warmupRatio;

  @Option(names = "--logging_steps", defaultValue = "500", description = "Log every N steps (default: ${DEFAULT-VALUE}).")
  long loggingSteps;

  @Option(names = {"--evaluation_strategy", "--eval_strategy"}, defaultValue = "no", description = "no, steps or epoch (default: ${DEFAULT-VALUE}).")
  String evaluationStrategy;

  @Option(names = "--eval_steps", description = "Evaluate every N steps (default: --logging_steps).")
  Long evalSteps;

  @Option(names = "--save_strategy", defaultValue = "steps", description = "no, steps or epoch (default: ${DEFAULT-VALUE}).")
  String saveStrategy;

  @Option(names = "--save_steps", defaultValue = "500", description = "Save checkpoint-N/ every N steps (default: ${DEFAULT-VALUE}).")
  long saveSteps;

  @Option(names = "--save_total_limit", defaultValue = "0", description = "Keep at most N checkpoints (0 = all).")
  int saveTotalLimit;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--group_by_length", arity = BOOL, fallbackValue = "true", description = "Batch utterances of similar length (HF's length-grouped sampler).")
  boolean groupByLength;

  @Option(names = "--dataloader_num_workers", defaultValue = "1", description = "Threads preparing batches ahead of training (default: ${DEFAULT-VALUE}).")
  int dataloaderNumWorkers;

  // ---- training objective (the recipe's ModelArguments, plus the pruned loss)
  @Option(names = "--loss", defaultValue = "exact", description = "Training loss: exact (RNN-T over the full joint) or pruned (k2's pruned RNN-T) (default: ${DEFAULT-VALUE}).")
  String loss;

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

  /** Flags of the Python recipe's scripts that rnnt4j accepts but does not implement yet. */
  static final class CompatibilityFlags {
    @Option(names = "--run_name", description = "No effect yet: W&B run name.") String runName;
    @Option(names = "--wandb_project", description = "No effect yet: W&B project.") String wandbProject;
    @Option(names = "--report_to", description = "No effect yet: experiment trackers.") String reportTo;
    @Option(names = "--push_to_hub", arity = BOOL, fallbackValue = "true", description = "No effect yet: Hub upload.") Boolean pushToHub;
    @Option(names = "--use_auth_token", arity = BOOL, fallbackValue = "true", description = "No effect yet: Hub token.") Boolean useAuthToken;
    @Option(names = "--length_column_name", description = "No effect yet: length column (lengths come from the decoded audio).") String lengthColumnName;
    @Option(names = "--fp16", arity = BOOL, fallbackValue = "true", description = "No effect yet: mixed precision.") Boolean fp16;
    @Option(names = "--final_num_beams", description = "No effect yet: beam size of the final decoding.") Integer finalNumBeams;
    @Option(names = "--final_decoding_strategy", description = "No effect yet: final decoding strategy (greedy_batch is used).") String finalDecodingStrategy;
    @Option(names = "--ignore_verifications", arity = BOOL, fallbackValue = "true", description = "No effect yet: dataset verification.") Boolean ignoreVerifications;
    @Option(names = "--cache_dir", description = "No effect yet: model cache.") String cacheDir;
    @Option(names = "--dataset_cache_dir", description = "No effect yet: dataset cache.") String datasetCacheDir;
    @Option(names = "--overwrite_cache", arity = BOOL, fallbackValue = "true", description = "No effect yet: dataset cache.") Boolean overwriteCache;
    @Option(names = "--max_target_length", description = "No effect yet: token length filter.") Integer maxTargetLength;
    @Option(names = "--min_target_length", description = "No effect yet: token length filter.") Integer minTargetLength;
    @Option(names = "--tokenizer_type", description = "No effect yet: tokenizer type (spe).") String tokenizerType;
    @Option(names = "--spe_type", description = "No effect yet: SentencePiece type (bpe).") String speType;
    @Option(names = "--cutoff_freq", description = "No effect yet: tokenizer cut-off.") String cutoffFreq;
    @Option(names = "--manifest_path", description = "No effect yet: NeMo manifest directory.") String manifestPath;
    @Option(names = "--torchaudio_resampler", arity = BOOL, fallbackValue = "true", description = "No effect yet: resampler choice.") Boolean torchaudioResampler;
    @Option(names = "--add_adapter", arity = BOOL, fallbackValue = "true", description = "No effect yet: adapters.") Boolean addAdapter;
    @Option(names = "--text_column", description = "No effect yet: old name of --text_column_name.") String textColumn;
  }

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nAccepted for compatibility with the Python recipe's scripts, no effect yet (a warning is printed):%n")
  CompatibilityFlags compatibility;

  private static final java.util.Set<String> COMPATIBILITY_FLAGS = java.util.Set.of("--run_name", "--wandb_project", "--report_to", "--push_to_hub", "--use_auth_token", "--length_column_name", "--fp16", "--final_num_beams", "--final_decoding_strategy", "--ignore_verifications", "--cache_dir", "--dataset_cache_dir", "--overwrite_cache", "--max_target_length", "--min_target_length", "--tokenizer_type", "--spe_type", "--cutoff_freq", "--manifest_path", "--torchaudio_resampler", "--add_adapter", "--text_column");

  @Override
  public Integer call() {
    warnUnimplemented();
    if (fuseLossWer && fusedBatchSize < 1) {
      throw new IllegalArgumentException(
          "--fused_batch_size must be >= 1 with --fuse_loss_wer, got " + fusedBatchSize);
    }
    ObjectiveOptions objective =
        new ObjectiveOptions(
            LossKind.parse(loss), fuseLossWer ? fusedBatchSize : 0,
            new PruningOptions(pruneRange, simpleLossScale, pruneWarmupSteps, simpleLmScale, simpleAmScale));
    long evalEvery = evalSteps != null ? evalSteps : loggingSteps;
    TrainingArguments training =
        new TrainingArguments(
            outputDir, overwriteOutputDir, doTrain, doEval, doPredict, numTrainEpochs, maxSteps,
            perDeviceTrainBatchSize, perDeviceEvalBatchSize, learningRate, weightDecay, adamBeta1, adamBeta2,
            adamEpsilon, maxGradNorm, warmupSteps, warmupRatio, loggingSteps,
            IntervalStrategy.parse(evaluationStrategy), evalEvery, IntervalStrategy.parse(saveStrategy), saveSteps,
            saveTotalLimit, seed, groupByLength, dataloaderNumWorkers, device);
    if (!doTrain && !doEval && !doPredict) {
      throw new IllegalArgumentException("nothing to do: give --do_train, --do_eval and/or --do_predict");
    }
    DataArguments data =
        new DataArguments(
            datasetName, datasetConfigName, trainSplitName, evalSplitName, testSplitName, textColumnName,
            audioColumnName, trainManifest, evalManifest, testManifest, maxDurationInSeconds, minDurationInSeconds,
            maxEvalDurationInSeconds, maxTrainSamples, maxEvalSamples, maxPredictSamples, doLowerCase,
            preprocessingNumWorkers, failOnBadSamples, transcriptNormalization, download);
    // The checkpoint's tokenizer is kept unless one is asked for: --tokenizer_path given, or a conf to build from.
    boolean tokenizerGiven = spec.commandLine().getParseResult().hasMatchedOption("--tokenizer_path");
    Path tokenizerRoot = modelNameOrPath != null && !tokenizerGiven ? null : tokenizerPath;
    ModelArguments model =
        new ModelArguments(
            configPath, modelNameOrPath, pretrainedModelNameOrPath, tokenizerRoot, vocabSize, freezeEncoder,
            unfreezeEncoder, saveNemo, saveSafetensors);
    if (preprocessingOnly) {
      new org.rnnt4j.train.PreprocessingOnly(training, data, model).run();
      return 0;
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("rnnt4j", "0.1.0");
    provenance.put("java", System.getProperty("java.version"));
    provenance.put("libtorch", "2.13.0 (org.bytedeco:pytorch:2.13.0-1.5.14)");
    provenance.put("seed", seed);
    provenance.put("command_line", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    new TrainingRun(training, data, model, objective, provenance).run();
    return 0;
  }

  private void warnUnimplemented() {
    List<String> ignored = new ArrayList<>();
    for (var option : spec.commandLine().getParseResult().matchedOptions()) {
      if (COMPATIBILITY_FLAGS.contains(option.longestName())) {
        ignored.add(option.longestName());
      }
    }
    for (String name : ignored) {
      LOG.warning(name + " is accepted for compatibility with the Python recipe but has no effect yet");
    }
  }
}

package org.rnnt4j.train;

import java.nio.file.Path;
import java.util.Map;
import org.rnnt4j.decoding.DecodingParameters;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.engine.DeviceSpec;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.optim.ScheduleType;
import org.rnnt4j.util.Checks;

/**
 * The settings of Hugging Face's {@code TrainingArguments} that rnnt4j implements, with the same meanings
 * and defaults, in parts: optimisation, schedule, evaluation, logging and saving, resumption and weight
 * averaging. As in the Python recipe, these govern the optimizer (AdamW) and schedule, not the model
 * conf's {@code optim} section, unless {@link Optimization#optimFromConfig} asks for it. Build them with
 * {@link #builder}, whose defaults are HF's.
 *
 * @param outputDir checkpoints, the final model and the results go here
 * @param overwriteOutputDir allow a non-empty {@code outputDir}
 * @param doTrain train
 * @param doEval evaluate on the eval split after training
 * @param doPredict predict on each test set
 * @param optimization AdamW and gradient clipping
 * @param schedule how long training runs, its batches and its learning-rate warm-up
 * @param evaluation when and how evaluation runs
 * @param loggingAndSaving when the loss is logged and checkpoints are saved
 * @param resume whether and from where training continues a checkpoint
 * @param averaging the averaged weights reported and saved beside the trained ones
 * @param seed seeds the model's initialisation, the sampler and libtorch's generators
 * @param dataloaderNumWorkers threads decoding and featurising ahead of the trainer (0 = in the loop)
 * @param device where the model trains
 * @param gradientCheckpointing recompute the encoder blocks' activations in the backward pass instead of
 *     keeping them (HF's {@code gradient_checkpointing}): the same gradients with less memory, for a second
 *     forward pass through the encoder
 * @param precision {@code --bf16} / {@code --fp16}: autocast of the forward pass, loss scaling for float16
 */
public record TrainingArguments(
    Path outputDir,
    boolean overwriteOutputDir,
    boolean doTrain,
    boolean doEval,
    boolean doPredict,
    Optimization optimization,
    Schedule schedule,
    Evaluation evaluation,
    LoggingAndSaving loggingAndSaving,
    Resume resume,
    WeightAveraging averaging,
    long seed,
    int dataloaderNumWorkers,
    DeviceSpec device,
    boolean gradientCheckpointing,
    MixedPrecision precision) {

  public TrainingArguments {
    Checks.notNull(precision, "precision");
    Checks.notNull(outputDir, "output_dir");
    Checks.notNull(optimization, "optimization");
    Checks.notNull(schedule, "schedule");
    Checks.notNull(evaluation, "evaluation");
    Checks.notNull(loggingAndSaving, "logging and saving");
    Checks.notNull(resume, "resume");
    Checks.notNull(averaging, "averaging");
    Checks.notNull(device, "device");
    Checks.argument(dataloaderNumWorkers >= 0, "dataloader_num_workers must be >= 0, got %s", dataloaderNumWorkers);
    if (evaluation.loadBestModelAtEnd()) {
      // HF's TrainingArguments.__post_init__ checks, with its messages
      Checks.argument(
          evaluation.strategy() == loggingAndSaving.saveStrategy(),
          "--load_best_model_at_end requires the save and eval strategy to match, but found evaluation strategy %s"
              + " and save strategy %s", evaluation.strategy(), loggingAndSaving.saveStrategy());
      Checks.argument(
          evaluation.strategy() != IntervalStrategy.STEPS || loggingAndSaving.saveSteps() % evaluation.evalSteps() == 0,
          "--load_best_model_at_end requires the saving steps to be a round multiple of the evaluation steps, but"
              + " found %s, which is not a round multiple of %s", loggingAndSaving.saveSteps(), evaluation.evalSteps());
    }
    if (averaging.averageCheckpoints() > 0) {
      Checks.argument(
          loggingAndSaving.saveStrategy() != IntervalStrategy.NO,
          "--average_checkpoints %s averages saved checkpoints, but --save_strategy is no", averaging.averageCheckpoints());
      int limit = loggingAndSaving.saveTotalLimit();
      Checks.argument(
          limit == 0 || limit >= averaging.averageCheckpoints(),
          "--average_checkpoints %s needs that many checkpoints, but --save_total_limit keeps %s",
          averaging.averageCheckpoints(), limit);
    }
  }

  /** HF's defaults, writing into {@code outputDir}. */
  public static Builder builder(Path outputDir) {
    return new Builder(outputDir);
  }

  /**
   * AdamW (decoupled weight decay), gradient-norm clipping, and what happens to updates whose loss or
   * gradient is not finite.
   *
   * @param learningRate the peak learning rate
   * @param maxGradNorm clip the global gradient norm to this
   * @param optimFromConfig take the optimizer and schedule from the model conf's {@code optim} section
   *     (NeMo's {@code name}, {@code lr}, {@code betas}, {@code weight_decay}, {@code sched}) instead of the
   *     flags above and {@code lr_scheduler_type}
   * @param optim HF's {@code optim}: {@code adamw_torch} (AdamW) or {@code adamw_bnb_8bit} (8-bit AdamW)
   * @param maxConsecutiveBadSteps stop with an error after this many skipped updates in a row (a
   *     non-finite loss or gradient)
   */
  public record Optimization(
      double learningRate, double weightDecay, double adamBeta1, double adamBeta2, double adamEpsilon, double maxGradNorm,
      boolean optimFromConfig, int maxConsecutiveBadSteps, OptimizerName optim) {
    public Optimization {
      Checks.argument(learningRate >= 0, "learning_rate must be >= 0, got %s", learningRate);
      Checks.argument(
          maxConsecutiveBadSteps >= 1, "max_consecutive_bad_steps must be >= 1, got %s", maxConsecutiveBadSteps);
      Checks.notNull(optim, "optim");
    }
  }

  /**
   * How long training runs and how its learning rate warms up.
   *
   * @param numTrainEpochs epochs, may be fractional
   * @param maxSteps total optimizer steps, or -1 to derive them from {@code numTrainEpochs}
   * @param warmupSteps linear warm-up steps; 0 to use {@code warmupRatio}
   * @param warmupRatio warm-up as a share of all steps
   * @param perDeviceTrainBatchSize utterances per training batch
   * @param groupByLength batch utterances of similar length (HF's length-grouped sampler)
   * @param gradientAccumulationSteps batches whose gradients make one optimizer update; steps count updates
   * @param lrSchedulerType HF's {@code lr_scheduler_type}
   * @param lrSchedulerKwargs HF's {@code lr_scheduler_kwargs} ({@code num_cycles}, {@code lr_end}, {@code
   *     power}, {@code timescale})
   */
  public record Schedule(
      double numTrainEpochs, long maxSteps, long warmupSteps, double warmupRatio, int perDeviceTrainBatchSize,
      boolean groupByLength, int gradientAccumulationSteps, ScheduleType lrSchedulerType,
      Map<String, Double> lrSchedulerKwargs) {
    public Schedule {
      Checks.argument(
          gradientAccumulationSteps >= 1, "gradient_accumulation_steps must be >= 1, got %s", gradientAccumulationSteps);
      Checks.notNull(lrSchedulerType, "lr_scheduler_type");
      Checks.argument(lrSchedulerType.isHuggingFace(), "lr_scheduler_type must be one of HF's, got %s", lrSchedulerType);
      lrSchedulerKwargs = Map.copyOf(lrSchedulerKwargs);
      Checks.argument(maxSteps != 0 && maxSteps >= -1, "max_steps must be -1 or > 0, got %s", maxSteps);
      Checks.argument(numTrainEpochs > 0 || maxSteps > 0, "num_train_epochs must be > 0, got %s", numTrainEpochs);
      Checks.argument(warmupSteps >= 0, "warmup_steps must be >= 0, got %s", warmupSteps);
      Checks.argument(warmupRatio >= 0 && warmupRatio <= 1, "warmup_ratio must be in [0, 1], got %s", warmupRatio);
      Checks.argument(perDeviceTrainBatchSize > 0, "per_device_train_batch_size must be > 0, got %s", perDeviceTrainBatchSize);
    }

    /** Warm-up steps: {@code warmup_steps} if set, else {@code ceil(warmup_ratio * total)} (HF). */
    public long warmupStepsFor(long totalSteps) {
      return warmupSteps > 0 ? warmupSteps : (long) Math.ceil(warmupRatio * totalSteps);
    }
  }

  /**
   * When evaluation runs during training, and its batches.
   *
   * @param strategy {@code evaluation_strategy}: never, every {@code evalSteps} steps, or every epoch
   * @param evalSteps evaluate every N steps with {@link IntervalStrategy#STEPS} (HF: defaults to logging_steps)
   * @param perDeviceEvalBatchSize utterances per evaluation batch
   * @param loadBestModelAtEnd after training, load the weights of the checkpoint with the best metric
   * @param metricForBestModel the evaluation metric that ranks checkpoints ({@code wer} or {@code eval_wer}
   *     for {@code eval_wer}); null when none is tracked
   * @param greaterIsBetter whether a larger metric is better
   * @param finalDecoding the decoding of the final evaluation and predictions ({@code
   *     --final_decoding_strategy}, {@code --final_num_beams}); evaluation during training is greedy
   */
  public record Evaluation(
      IntervalStrategy strategy, long evalSteps, int perDeviceEvalBatchSize, boolean loadBestModelAtEnd,
      String metricForBestModel, boolean greaterIsBetter, DecodingParameters finalDecoding) {
    public Evaluation {
      Checks.notNull(finalDecoding, "final decoding");
      Checks.argument(
          !loadBestModelAtEnd || metricForBestModel != null, "load_best_model_at_end needs a metric_for_best_model");
      Checks.notNull(strategy, "evaluation_strategy");
      Checks.argument(
          strategy != IntervalStrategy.STEPS || evalSteps > 0,
          "eval_steps must be > 0 with evaluation_strategy steps, got %s", evalSteps);
      Checks.argument(perDeviceEvalBatchSize > 0, "per_device_eval_batch_size must be > 0, got %s", perDeviceEvalBatchSize);
    }
  }

  /**
   * When the training loss is logged and {@code checkpoint-N/} directories are saved.
   *
   * @param loggingSteps log every N steps
   * @param loggingFirstStep also log after the first step
   * @param saveStrategy never, every {@code saveSteps} steps, or every epoch
   * @param saveTotalLimit keep at most this many {@code checkpoint-N/} directories (0 = all)
   */
  public record LoggingAndSaving(
      long loggingSteps, boolean loggingFirstStep, IntervalStrategy saveStrategy, long saveSteps, int saveTotalLimit) {
    public LoggingAndSaving {
      Checks.argument(loggingSteps > 0, "logging_steps must be > 0, got %s", loggingSteps);
      Checks.notNull(saveStrategy, "save_strategy");
      Checks.argument(
          saveStrategy != IntervalStrategy.STEPS || saveSteps > 0,
          "save_steps must be > 0 with save_strategy steps, got %s", saveSteps);
      Checks.argument(saveTotalLimit >= 0, "save_total_limit must be >= 0, got %s", saveTotalLimit);
    }
  }

  /**
   * {@code --resume_from_checkpoint}: a checkpoint directory, or HF's booleans ({@code True}: the newest
   * complete checkpoint in {@code output_dir}; {@code False}: none), or, when not given, the recipe's
   * automatic choice (the newest checkpoint when {@code output_dir} has one and {@code
   * overwrite_output_dir} is false).
   *
   * @param checkpoint the directory for {@link Mode#PATH}, else null
   */
  public record Resume(Mode mode, Path checkpoint) {
    /** Which checkpoint training continues from. */
    public enum Mode {
      /** Not given: as the recipe's script, the newest checkpoint of a non-empty output_dir without overwrite. */
      AUTO,
      /** {@code True}: the newest complete checkpoint in output_dir; none is an error. */
      LATEST,
      /** {@code False}: train from the start. */
      NONE,
      /** A directory. */
      PATH
    }

    public static final Resume AUTO = new Resume(Mode.AUTO, null);

    public Resume {
      Checks.notNull(mode, "mode");
      Checks.argument((mode == Mode.PATH) == (checkpoint != null), "a checkpoint path goes with mode PATH only, got %s %s", mode, checkpoint);
    }

    /** HfArgumentParser's boolean spellings (any case: yes/true/t/y/1, no/false/f/n/0), else a path. */
    public static Resume parse(String value) {
      Checks.notNull(value, "resume_from_checkpoint");
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (java.util.Set.of("yes", "true", "t", "y", "1").contains(v)) {
        return new Resume(Mode.LATEST, null);
      }
      if (java.util.Set.of("no", "false", "f", "n", "0").contains(v)) {
        return new Resume(Mode.NONE, null);
      }
      Checks.argument(!value.isBlank(), "resume_from_checkpoint must be a directory or a boolean, got '%s'", value);
      return new Resume(Mode.PATH, Path.of(value));
    }
  }

  /**
   * Averaged weights kept beside the trained ones.
   *
   * @param emaDecay an exponential moving average of the weights with this decay (0: none)
   * @param averageCheckpoints the final model as the mean of the newest K checkpoints (0: none), as
   *     icefall's {@code --avg}
   */
  public record WeightAveraging(double emaDecay, int averageCheckpoints) {
    public static final WeightAveraging NONE = new WeightAveraging(0, 0);

    public WeightAveraging {
      Checks.argument(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1), "ema_decay must be 0 (off) or in (0, 1), got %s", emaDecay);
      Checks.argument(averageCheckpoints >= 0, "average_checkpoints must be >= 0, got %s", averageCheckpoints);
    }
  }

  /**
   * Builds {@link TrainingArguments} from HF's flags; every setter is named after its flag and every
   * default is HF's, except {@code do_train}/{@code do_eval}/{@code do_predict} (false, as the recipe's
   * flags) and {@code dataloader_num_workers} (1: one thread prepares batches ahead).
   */
  public static final class Builder {
    private final Path outputDir;
    private boolean overwriteOutputDir;
    private boolean doTrain;
    private boolean doEval;
    private boolean doPredict;
    private double numTrainEpochs = 3.0;
    private long maxSteps = -1;
    private int perDeviceTrainBatchSize = 8;
    private int perDeviceEvalBatchSize = 8;
    private DecodingParameters finalDecoding = DecodingParameters.of(DecodingStrategy.GREEDY_BATCH);
    private double learningRate = 5e-5;
    private double weightDecay = 0.0;
    private double adamBeta1 = 0.9;
    private double adamBeta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private double maxGradNorm = 1.0;
    private OptimizerName optim = OptimizerName.ADAMW_TORCH;
    private long warmupSteps = 0;
    private double warmupRatio = 0.0;
    private long loggingSteps = 500;
    private IntervalStrategy evaluationStrategy = IntervalStrategy.NO;
    private Long evalSteps;
    private IntervalStrategy saveStrategy = IntervalStrategy.STEPS;
    private long saveSteps = 500;
    private int saveTotalLimit = 0;
    private long seed = 42;
    private boolean groupByLength;
    private int dataloaderNumWorkers = 1;
    private DeviceSpec device = DeviceSpec.CPU;
    private boolean gradientCheckpointing;
    private MixedPrecision precision = MixedPrecision.NO;
    private int gradientAccumulationSteps = 1;
    private ScheduleType lrSchedulerType = ScheduleType.LINEAR;
    private Map<String, Double> lrSchedulerKwargs = Map.of();
    private boolean optimFromConfig;
    private int maxConsecutiveBadSteps = 10;
    private boolean loadBestModelAtEnd;
    private String metricForBestModel;
    private Boolean greaterIsBetter;
    private boolean loggingFirstStep;
    private Resume resume = Resume.AUTO;
    private double emaDecay;
    private int averageCheckpoints;

    private Builder(Path outputDir) {
      this.outputDir = outputDir;
    }

    public Builder overwriteOutputDir(boolean value) {
      overwriteOutputDir = value;
      return this;
    }

    public Builder doTrain(boolean value) {
      doTrain = value;
      return this;
    }

    public Builder doEval(boolean value) {
      doEval = value;
      return this;
    }

    public Builder doPredict(boolean value) {
      doPredict = value;
      return this;
    }

    public Builder numTrainEpochs(double value) {
      numTrainEpochs = value;
      return this;
    }

    public Builder maxSteps(long value) {
      maxSteps = value;
      return this;
    }

    public Builder perDeviceTrainBatchSize(int value) {
      perDeviceTrainBatchSize = value;
      return this;
    }

    /**
     * The final evaluation's and predictions' decoding. The builder's default is {@code greedy_batch}
     * (what the recipe's newest script does); {@code rnnt4j train}'s is {@code beam} with 4 beams (its README's promise).
     */
    public Builder finalDecoding(DecodingParameters value) {
      finalDecoding = value;
      return this;
    }

    public Builder perDeviceEvalBatchSize(int value) {
      perDeviceEvalBatchSize = value;
      return this;
    }

    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    public Builder weightDecay(double value) {
      weightDecay = value;
      return this;
    }

    public Builder adamBeta1(double value) {
      adamBeta1 = value;
      return this;
    }

    public Builder adamBeta2(double value) {
      adamBeta2 = value;
      return this;
    }

    public Builder adamEpsilon(double value) {
      adamEpsilon = value;
      return this;
    }

    public Builder maxGradNorm(double value) {
      maxGradNorm = value;
      return this;
    }

    public Builder optim(OptimizerName value) {
      optim = value;
      return this;
    }

    public Builder precision(MixedPrecision value) {
      precision = value;
      return this;
    }

    public Builder gradientCheckpointing(boolean value) {
      gradientCheckpointing = value;
      return this;
    }

    public Builder warmupSteps(long value) {
      warmupSteps = value;
      return this;
    }

    public Builder warmupRatio(double value) {
      warmupRatio = value;
      return this;
    }

    public Builder loggingSteps(long value) {
      loggingSteps = value;
      return this;
    }

    public Builder evaluationStrategy(IntervalStrategy value) {
      evaluationStrategy = value;
      return this;
    }

    /** Null for HF's default, {@code logging_steps}. */
    public Builder evalSteps(Long value) {
      evalSteps = value;
      return this;
    }

    public Builder saveStrategy(IntervalStrategy value) {
      saveStrategy = value;
      return this;
    }

    public Builder saveSteps(long value) {
      saveSteps = value;
      return this;
    }

    public Builder saveTotalLimit(int value) {
      saveTotalLimit = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder groupByLength(boolean value) {
      groupByLength = value;
      return this;
    }

    public Builder dataloaderNumWorkers(int value) {
      dataloaderNumWorkers = value;
      return this;
    }

    public Builder device(DeviceSpec value) {
      device = value;
      return this;
    }

    public Builder gradientAccumulationSteps(int value) {
      gradientAccumulationSteps = value;
      return this;
    }

    public Builder lrSchedulerType(ScheduleType value) {
      lrSchedulerType = value;
      return this;
    }

    public Builder lrSchedulerKwargs(Map<String, Double> value) {
      lrSchedulerKwargs = value;
      return this;
    }

    public Builder optimFromConfig(boolean value) {
      optimFromConfig = value;
      return this;
    }

    public Builder maxConsecutiveBadSteps(int value) {
      maxConsecutiveBadSteps = value;
      return this;
    }

    public Builder loadBestModelAtEnd(boolean value) {
      loadBestModelAtEnd = value;
      return this;
    }

    /** Null for HF's default: {@code loss} with {@code load_best_model_at_end}, else none. */
    public Builder metricForBestModel(String value) {
      metricForBestModel = value;
      return this;
    }

    /** Null for the default: false for a loss or an error rate ({@code wer}, {@code cer}), else true. */
    public Builder greaterIsBetter(Boolean value) {
      greaterIsBetter = value;
      return this;
    }

    public Builder loggingFirstStep(boolean value) {
      loggingFirstStep = value;
      return this;
    }

    public Builder resume(Resume value) {
      resume = value;
      return this;
    }

    public Builder emaDecay(double value) {
      emaDecay = value;
      return this;
    }

    public Builder averageCheckpoints(int value) {
      averageCheckpoints = value;
      return this;
    }

    /**
     * HF's default for {@code greater_is_better} is {@code metric not in ("loss", "eval_loss")}, which
     * would rank WER upside down; error rates count as lower-is-better here.
     */
    static boolean defaultGreaterIsBetter(String metric) {
      String m = metric.startsWith("eval_") ? metric.substring(5) : metric;
      return !(m.equals("loss") || m.startsWith("loss_") || m.startsWith("wer") || m.startsWith("cer"));
    }

    public TrainingArguments build() {
      String metric = metricForBestModel != null ? metricForBestModel : loadBestModelAtEnd ? "loss" : null;
      boolean greater = greaterIsBetter != null ? greaterIsBetter : metric != null && defaultGreaterIsBetter(metric);
      return new TrainingArguments(
          outputDir,
          overwriteOutputDir,
          doTrain,
          doEval,
          doPredict,
          new Optimization(
              learningRate, weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, optimFromConfig,
              maxConsecutiveBadSteps, optim),
          new Schedule(
              numTrainEpochs, maxSteps, warmupSteps, warmupRatio, perDeviceTrainBatchSize, groupByLength,
              gradientAccumulationSteps, lrSchedulerType, lrSchedulerKwargs),
          new Evaluation(
              evaluationStrategy, evalSteps != null ? evalSteps : loggingSteps, perDeviceEvalBatchSize, loadBestModelAtEnd,
              metric, greater, finalDecoding),
          new LoggingAndSaving(loggingSteps, loggingFirstStep, saveStrategy, saveSteps, saveTotalLimit),
          resume,
          new WeightAveraging(emaDecay, averageCheckpoints),
          seed,
          dataloaderNumWorkers,
          device,
          gradientCheckpointing,
          precision);
    }
  }
}

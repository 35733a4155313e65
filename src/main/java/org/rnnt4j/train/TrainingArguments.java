package org.rnnt4j.train;

import java.nio.file.Path;
import org.rnnt4j.engine.DeviceSpec;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.util.Checks;

/**
 * The settings of Hugging Face's {@code TrainingArguments} that rnnt4j implements, with the same meanings
 * and defaults, in four parts: optimisation, schedule, evaluation, logging and saving. As in the Python
 * recipe, these govern the optimizer (AdamW) and schedule (linear warm-up then linear decay), not the
 * model conf's {@code optim} section. Build them with {@link #builder}, whose defaults are HF's.
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
 * @param seed seeds the model's initialisation, the sampler and libtorch's generators
 * @param dataloaderNumWorkers threads decoding and featurising ahead of the trainer (0 = in the loop)
 * @param device where the model trains
 * @param gradientCheckpointing recompute the encoder blocks' activations in the backward pass instead of
 *     keeping them (HF's {@code gradient_checkpointing}): the same gradients with less memory, for a second
 *     forward pass through the encoder
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
    long seed,
    int dataloaderNumWorkers,
    DeviceSpec device,
    boolean gradientCheckpointing) {

  public TrainingArguments {
    Checks.notNull(outputDir, "output_dir");
    Checks.notNull(optimization, "optimization");
    Checks.notNull(schedule, "schedule");
    Checks.notNull(evaluation, "evaluation");
    Checks.notNull(loggingAndSaving, "logging and saving");
    Checks.notNull(device, "device");
    Checks.argument(dataloaderNumWorkers >= 0, "dataloader_num_workers must be >= 0, got %s", dataloaderNumWorkers);
  }

  /** HF's defaults, writing into {@code outputDir}. */
  public static Builder builder(Path outputDir) {
    return new Builder(outputDir);
  }

  /**
   * AdamW (decoupled weight decay) and gradient-norm clipping.
   *
   * @param learningRate the peak learning rate
   * @param maxGradNorm clip the global gradient norm to this
   * @param optim HF's {@code optim}: {@code adamw_torch} (AdamW) or {@code adamw_bnb_8bit} (8-bit AdamW)
   */
  public record Optimization(
      double learningRate, double weightDecay, double adamBeta1, double adamBeta2, double adamEpsilon, double maxGradNorm,
      OptimizerName optim) {
    public Optimization {
      Checks.argument(learningRate >= 0, "learning_rate must be >= 0, got %s", learningRate);
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
   */
  public record Schedule(
      double numTrainEpochs, long maxSteps, long warmupSteps, double warmupRatio, int perDeviceTrainBatchSize,
      boolean groupByLength) {
    public Schedule {
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
   */
  public record Evaluation(IntervalStrategy strategy, long evalSteps, int perDeviceEvalBatchSize) {
    public Evaluation {
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
   * @param saveStrategy never, every {@code saveSteps} steps, or every epoch
   * @param saveTotalLimit keep at most this many {@code checkpoint-N/} directories (0 = all)
   */
  public record LoggingAndSaving(long loggingSteps, IntervalStrategy saveStrategy, long saveSteps, int saveTotalLimit) {
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

    public TrainingArguments build() {
      return new TrainingArguments(
          outputDir,
          overwriteOutputDir,
          doTrain,
          doEval,
          doPredict,
          new Optimization(learningRate, weightDecay, adamBeta1, adamBeta2, adamEpsilon, maxGradNorm, optim),
          new Schedule(numTrainEpochs, maxSteps, warmupSteps, warmupRatio, perDeviceTrainBatchSize, groupByLength),
          new Evaluation(evaluationStrategy, evalSteps != null ? evalSteps : loggingSteps, perDeviceEvalBatchSize),
          new LoggingAndSaving(loggingSteps, saveStrategy, saveSteps, saveTotalLimit),
          seed,
          dataloaderNumWorkers,
          device,
          gradientCheckpointing);
    }
  }
}

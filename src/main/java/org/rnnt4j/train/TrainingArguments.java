package org.rnnt4j.train;

import java.nio.file.Path;
import org.rnnt4j.util.Checks;

/**
 * The optimisation and output settings of Hugging Face's {@code TrainingArguments} that rnnt4j
 * implements, with the same meanings and defaults. As in the Python recipe, these govern the optimizer
 * (AdamW) and schedule (linear warm-up then linear decay), not the model conf's {@code optim} section.
 *
 * @param maxSteps total optimizer steps, or -1 to derive them from {@code numTrainEpochs}
 * @param evalSteps evaluate every N steps with {@link IntervalStrategy#STEPS} (HF: defaults to logging_steps)
 * @param saveTotalLimit keep at most this many {@code checkpoint-N/} directories (0 = all)
 * @param dataloaderNumWorkers threads decoding and featurising ahead of the trainer (0 = in the loop)
 */
public record TrainingArguments(
    Path outputDir,
    boolean overwriteOutputDir,
    boolean doTrain,
    boolean doEval,
    boolean doPredict,
    double numTrainEpochs,
    long maxSteps,
    int perDeviceTrainBatchSize,
    int perDeviceEvalBatchSize,
    double learningRate,
    double weightDecay,
    double adamBeta1,
    double adamBeta2,
    double adamEpsilon,
    double maxGradNorm,
    long warmupSteps,
    double warmupRatio,
    long loggingSteps,
    IntervalStrategy evaluationStrategy,
    long evalSteps,
    IntervalStrategy saveStrategy,
    long saveSteps,
    int saveTotalLimit,
    long seed,
    boolean groupByLength,
    int dataloaderNumWorkers,
    String device) {

  public TrainingArguments {
    Checks.notNull(outputDir, "output_dir");
    Checks.argument(perDeviceTrainBatchSize > 0, "per_device_train_batch_size must be > 0, got %s", perDeviceTrainBatchSize);
    Checks.argument(perDeviceEvalBatchSize > 0, "per_device_eval_batch_size must be > 0, got %s", perDeviceEvalBatchSize);
    Checks.argument(learningRate >= 0, "learning_rate must be >= 0, got %s", learningRate);
    Checks.argument(maxSteps != 0 && maxSteps >= -1, "max_steps must be -1 or > 0, got %s", maxSteps);
    Checks.argument(numTrainEpochs > 0 || maxSteps > 0, "num_train_epochs must be > 0, got %s", numTrainEpochs);
    Checks.argument(warmupSteps >= 0, "warmup_steps must be >= 0, got %s", warmupSteps);
    Checks.argument(warmupRatio >= 0 && warmupRatio <= 1, "warmup_ratio must be in [0, 1], got %s", warmupRatio);
    Checks.argument(loggingSteps > 0, "logging_steps must be > 0, got %s", loggingSteps);
    Checks.argument(
        evaluationStrategy != IntervalStrategy.STEPS || evalSteps > 0,
        "eval_steps must be > 0 with evaluation_strategy steps, got %s", evalSteps);
    Checks.argument(
        saveStrategy != IntervalStrategy.STEPS || saveSteps > 0,
        "save_steps must be > 0 with save_strategy steps, got %s", saveSteps);
    Checks.argument(dataloaderNumWorkers >= 0, "dataloader_num_workers must be >= 0, got %s", dataloaderNumWorkers);
  }

  /** Warm-up steps: {@code warmup_steps} if set, else {@code ceil(warmup_ratio * total)} (HF). */
  public long warmupStepsFor(long totalSteps) {
    return warmupSteps > 0 ? warmupSteps : (long) Math.ceil(warmupRatio * totalSteps);
  }
}

package org.rnnt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.optim.ScheduleType;
import org.rnnt4j.train.TrainingArguments;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Option;

/**
 * The training arguments long runs rely on (Hugging Face's names where HF has them): resumption,
 * gradient accumulation, the learning-rate schedule or the conf's optimizer, keeping the best model,
 * skipped updates, and averaged weights. A mixin of {@code train}, applied to the {@link
 * TrainingArguments} builder in one place.
 */
final class LongRunOptions {
  private static final String BOOL = "0..1";

  @Option(names = "--resume_from_checkpoint", description = "Continue training from a checkpoint-N/ directory, or True: the newest complete checkpoint in --output_dir (False: start afresh). Without it, a run whose --output_dir holds a checkpoint continues from the newest complete one unless --overwrite_output_dir, as the recipe does.")
  String resumeFromCheckpoint;

  @Option(names = "--gradient_accumulation_steps", defaultValue = "1", description = "Batches whose gradients make one optimizer update; steps, logging, evaluation and saving count updates (default: ${DEFAULT-VALUE}).")
  int gradientAccumulationSteps;

  @Option(names = "--lr_scheduler_type", defaultValue = "linear", converter = Converters.Schedule.class, description = "linear, cosine, cosine_with_restarts, polynomial, constant, constant_with_warmup or inverse_sqrt, with Hugging Face's formulas (default: ${DEFAULT-VALUE}).")
  ScheduleType lrSchedulerType;

  @Option(names = "--lr_scheduler_kwargs", defaultValue = "{}", description = "A JSON object of schedule parameters: num_cycles (cosine: 0.5, cosine_with_restarts: 1), lr_end (1e-7) and power (1.0) for polynomial, timescale (inverse_sqrt: the warm-up or 10000) (default: ${DEFAULT-VALUE}).")
  String lrSchedulerKwargs;

  @Option(names = "--optim_from_config", arity = BOOL, fallbackValue = "true", description = "Take the optimizer and schedule from the conf's optim section (NeMo: name adamw or adam, lr, betas, weight_decay, sched NoamAnnealing or CosineAnnealing with warmup_steps/warmup_ratio, min_lr, d_model) instead of --learning_rate, --adam_*, --warmup_* and --lr_scheduler_type.")
  boolean optimFromConfig;

  @Option(names = "--max_consecutive_bad_steps", defaultValue = "10", description = "Updates with a non-finite loss or gradient are skipped and logged with their utterances (output_dir/bad_steps.jsonl); stop after this many in a row (default: ${DEFAULT-VALUE}).")
  int maxConsecutiveBadSteps;

  @Option(names = "--load_best_model_at_end", arity = BOOL, fallbackValue = "true", description = "After training, load the checkpoint with the best --metric_for_best_model (needs matching --evaluation_strategy and --save_strategy).")
  boolean loadBestModelAtEnd;

  @Option(names = "--metric_for_best_model", description = "Evaluation metric that ranks checkpoints: loss, wer, cer (eval_ prefix optional; default with --load_best_model_at_end: loss).")
  String metricForBestModel;

  @Option(names = "--greater_is_better", arity = BOOL, fallbackValue = "true", description = "Whether a larger --metric_for_best_model is better (default: false for losses and error rates, else true).")
  Boolean greaterIsBetter;

  @Option(names = "--logging_first_step", arity = BOOL, fallbackValue = "true", description = "Also log the loss after the first update.")
  boolean loggingFirstStep;

  @Option(names = "--ema_decay", defaultValue = "0", description = "Keep an exponential moving average of the weights with this decay (e.g. 0.999): evaluated beside the trained weights (eval_wer_ema), saved in checkpoints, and the final model (0: off) (default: ${DEFAULT-VALUE}).")
  double emaDecay;

  @Option(names = "--average_checkpoints", defaultValue = "0", description = "The final model is the mean of the newest K checkpoints, as icefall's --avg (reported as eval_wer_averaged; 0: off) (default: ${DEFAULT-VALUE}).")
  int averageCheckpoints;

  TrainingArguments.Builder applyTo(TrainingArguments.Builder builder) {
    return builder
        .resume(resumeFromCheckpoint == null ? TrainingArguments.Resume.AUTO : TrainingArguments.Resume.parse(resumeFromCheckpoint))
        .gradientAccumulationSteps(gradientAccumulationSteps)
        .lrSchedulerType(lrSchedulerType)
        .lrSchedulerKwargs(kwargs(lrSchedulerKwargs))
        .optimFromConfig(optimFromConfig)
        .maxConsecutiveBadSteps(maxConsecutiveBadSteps)
        .loadBestModelAtEnd(loadBestModelAtEnd)
        .metricForBestModel(metricForBestModel)
        .greaterIsBetter(greaterIsBetter)
        .loggingFirstStep(loggingFirstStep)
        .emaDecay(emaDecay)
        .averageCheckpoints(averageCheckpoints);
  }

  /** {@code --lr_scheduler_kwargs}: a JSON object of numbers, as HF's TrainingArguments parses the string. */
  static Map<String, Double> kwargs(String text) {
    JsonNode json;
    try {
      json = Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--lr_scheduler_kwargs must be a JSON object, got '" + text + "'", e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("--lr_scheduler_kwargs must be a JSON object, got '" + text + "'");
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (var it = json.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isNumber()) {
        throw new IllegalArgumentException("--lr_scheduler_kwargs: '" + e.getKey() + "' must be a number, got " + e.getValue());
      }
      out.put(e.getKey(), e.getValue().doubleValue());
    }
    return out;
  }
}

package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * Hugging Face's {@code TrainerState} as {@code trainer_state.json} holds it, in a checkpoint and in the
 * output directory: keys sorted, {@code log_history} with one entry per logging, evaluation and the
 * final summary. Tools written for HF checkpoints read it unchanged.
 *
 * <p>Log entries are kept as JSON would give them back (integers as {@code Integer} or {@code Long},
 * decimals as {@code Double}), so a state equals the one read from its file.
 *
 * @param bestMetric the best value of {@code metric_for_best_model}, null while none is tracked
 * @param bestModelCheckpoint the checkpoint directory holding it, or null
 * @param epoch fractional epochs completed
 * @param maxSteps total optimizer steps of the run
 * @param totalFlos floating-point operations so far (0: not counted)
 */
public record HfTrainerState(
    Double bestMetric,
    String bestModelCheckpoint,
    double epoch,
    long evalSteps,
    long globalStep,
    boolean isHyperParamSearch,
    boolean isLocalProcessZero,
    boolean isWorldProcessZero,
    List<Map<String, Object>> logHistory,
    long loggingSteps,
    long maxSteps,
    double numTrainEpochs,
    long saveSteps,
    double totalFlos,
    long trainBatchSize) {
  public static final String FILE = "trainer_state.json";

  public HfTrainerState {
    Checks.argument(globalStep >= 0, "global step must be >= 0, got %s", globalStep);
    Checks.argument(epoch >= 0, "epoch must be >= 0, got %s", epoch);
    logHistory = asJsonReadsIt(Checks.notNull(logHistory, "logHistory"));
  }

  /** A state of a single-process run without hyperparameter search and without a tracked best model. */
  public static HfTrainerState of(
      double epoch, long globalStep, long maxSteps, List<Map<String, Object>> logHistory, long loggingSteps,
      long evalSteps, long saveSteps, double numTrainEpochs, long trainBatchSize) {
    return new HfTrainerState(
        null, null, epoch, evalSteps, globalStep, false, true, true, logHistory, loggingSteps, maxSteps,
        numTrainEpochs, saveSteps, 0, trainBatchSize);
  }

  /** The JSON object, keys in HF's (sorted) order. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("best_metric", bestMetric);
    m.put("best_model_checkpoint", bestModelCheckpoint);
    m.put("epoch", epoch);
    m.put("eval_steps", evalSteps);
    m.put("global_step", globalStep);
    m.put("is_hyper_param_search", isHyperParamSearch);
    m.put("is_local_process_zero", isLocalProcessZero);
    m.put("is_world_process_zero", isWorldProcessZero);
    m.put("log_history", logHistory);
    m.put("logging_steps", loggingSteps);
    m.put("max_steps", maxSteps);
    m.put("num_train_epochs", numTrainEpochs);
    m.put("save_steps", saveSteps);
    m.put("total_flos", totalFlos);
    m.put("train_batch_size", trainBatchSize);
    return m;
  }

  /** Writes {@code dir/trainer_state.json} atomically. */
  public void write(Path dir) {
    Json.write(dir.resolve(FILE), toJson());
  }

  /** Reads a {@code trainer_state.json}; keys HF has and rnnt4j does not keep ({@code trial_name}, ...) are ignored. */
  public static HfTrainerState read(Path file) {
    JsonNode json = JsonFields.read(file);
    List<Map<String, Object>> history;
    try {
      history = Json.mapper().convertValue(JsonFields.getArray(json, "log_history", file), new TypeReference<>() {});
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), "log_history must be a list of objects: " + e.getMessage(), e);
    }
    try {
      return new HfTrainerState(
          JsonFields.getNullableDouble(json, "best_metric", file),
          JsonFields.getNullableString(json, "best_model_checkpoint", file),
          JsonFields.getDouble(json, "epoch", file),
          JsonFields.getLong(json, "eval_steps", file),
          JsonFields.getLong(json, "global_step", file),
          JsonFields.getBoolean(json, "is_hyper_param_search", file),
          JsonFields.getBoolean(json, "is_local_process_zero", file),
          JsonFields.getBoolean(json, "is_world_process_zero", file),
          history,
          JsonFields.getLong(json, "logging_steps", file),
          JsonFields.getLong(json, "max_steps", file),
          JsonFields.getDouble(json, "num_train_epochs", file),
          JsonFields.getLong(json, "save_steps", file),
          JsonFields.getDouble(json, "total_flos", file),
          JsonFields.getLong(json, "train_batch_size", file));
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
  }

  /** The entries after a trip through JSON text: the same values, in the types reading gives them. */
  private static List<Map<String, Object>> asJsonReadsIt(List<Map<String, Object>> history) {
    List<Map<String, Object>> copy = Json.mapper().convertValue(Json.parse(Json.compact(history)), new TypeReference<>() {});
    return Collections.unmodifiableList(copy.stream().map(e -> Collections.unmodifiableMap(e)).toList());
  }
}

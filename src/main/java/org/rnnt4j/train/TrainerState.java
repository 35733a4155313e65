package org.rnnt4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.checkpoint.training.HfTrainerState;

/**
 * The training progress that Hugging Face's Trainer writes as {@code trainer_state.json}: the global step,
 * the (fractional) epoch, and {@code log_history}, one entry per logging, evaluation and the final
 * summary. Mutated only by the training loop.
 */
public final class TrainerState {
  private final List<Map<String, Object>> logHistory = new ArrayList<>();
  private long globalStep;
  private double epoch;
  private long maxSteps;
  private final long loggingSteps;
  private final long evalSteps;
  private final long saveSteps;
  private final int trainBatchSize;
  private final double numTrainEpochs;
  private Double bestMetric;
  private String bestModelCheckpoint;

  public TrainerState(long loggingSteps, long evalSteps, long saveSteps, int trainBatchSize, double numTrainEpochs) {
    this.loggingSteps = loggingSteps;
    this.evalSteps = evalSteps;
    this.saveSteps = saveSteps;
    this.trainBatchSize = trainBatchSize;
    this.numTrainEpochs = numTrainEpochs;
  }

  public void advance(long step, double epoch) {
    this.globalStep = step;
    this.epoch = epoch;
  }

  void setMaxSteps(long maxSteps) {
    this.maxSteps = maxSteps;
  }

  void setBestMetric(double value) {
    this.bestMetric = value;
  }

  void setBestModelCheckpoint(String checkpoint) {
    this.bestModelCheckpoint = checkpoint;
  }

  /** Continues from a checkpoint's state: its step, epoch, log history and best model. */
  void restore(HfTrainerState saved) {
    globalStep = saved.globalStep();
    epoch = saved.epoch();
    logHistory.clear();
    logHistory.addAll(saved.logHistory());
    bestMetric = saved.bestMetric();
    bestModelCheckpoint = saved.bestModelCheckpoint();
  }

  /** Appends {@code values} with the current epoch and step, as HF's {@code Trainer.log} does. */
  void log(Map<String, Object> values) {
    Map<String, Object> entry = new LinkedHashMap<>(values);
    entry.put("epoch", Math.round(epoch * 10000) / 10000.0);
    entry.put("step", globalStep);
    logHistory.add(entry);
  }

  public long globalStep() {
    return globalStep;
  }

  /** The steps training runs for (known from {@link TrainingListener#onTrainBegin}). */
  public long maxSteps() {
    return maxSteps;
  }

  public double epoch() {
    return epoch;
  }

  public List<Map<String, Object>> logHistory() {
    return List.copyOf(logHistory);
  }

  /** The best value of {@code metric_for_best_model} so far, or null. */
  public Double bestMetric() {
    return bestMetric;
  }

  /** The checkpoint directory holding the best model so far, or null. */
  public String bestModelCheckpoint() {
    return bestModelCheckpoint;
  }

  /** An immutable copy, as {@code trainer_state.json} holds it. */
  public HfTrainerState snapshot() {
    return new HfTrainerState(
        bestMetric, bestModelCheckpoint, epoch, evalSteps, globalStep, false, true, true, logHistory, loggingSteps,
        maxSteps, numTrainEpochs, saveSteps, 0, trainBatchSize);
  }

  public void write(Path dir) {
    snapshot().write(dir);
  }
}

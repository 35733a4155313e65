package org.rnnt4j.train.reporting;

import org.rnnt4j.train.TrainerState;
import org.rnnt4j.train.TrainingListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.tensorboard.EventFileWriter;

/**
 * {@code --report_to tensorboard}: every logged number as a TensorBoard scalar, named as Hugging Face's
 * {@code TensorBoardCallback} names them ({@code rewrite_logs}: {@code eval_wer} is {@code eval/wer},
 * {@code test_x} is {@code test/x}, anything else {@code train/...}, e.g. {@code train/loss}, {@code
 * train/learning_rate}, {@code train/grad_norm}, {@code train/epoch}), at the global step; the training
 * arguments as the text {@code args}. The final evaluation and each test set are added after training
 * ({@link #finalMetrics}) under {@code {split}/{metric}}.
 */
public final class TensorBoardListener implements TrainingListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TensorBoardListener.class.getName());

  private final Path runDirectory;
  private final String argumentsJson;
  private EventFileWriter writer;
  private long lastStep;

  /** @param argumentsJson the run's arguments, shown in TensorBoard's text dashboard */
  public TensorBoardListener(Path runDirectory, String argumentsJson) {
    this.runDirectory = runDirectory;
    this.argumentsJson = argumentsJson;
  }

  Path runDirectory() {
    return runDirectory;
  }

  @Override
  public void onTrainBegin(TrainerState state) {
    writer().text("args", state.globalStep(), argumentsJson);
  }

  @Override
  public void onLog(TrainerState state, Map<String, Object> entry) {
    lastStep = state.globalStep();
    for (Map.Entry<String, Object> e : rewrite(entry).entrySet()) {
      if (e.getValue() instanceof Number n) {
        writer().scalar(e.getKey(), state.globalStep(), n.doubleValue());
      }
    }
  }

  /** The metrics of a split scored after training ({@code eval_wer} of split eval as {@code eval/wer}). */
  public void finalMetrics(String split, Map<String, Object> metrics) {
    String prefix = split + "_";
    for (Map.Entry<String, Object> e : metrics.entrySet()) {
      if (e.getValue() instanceof Number n) {
        String name = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
        writer().scalar(split + "/" + name, lastStep, n.doubleValue());
      }
    }
  }

  /** HF's {@code rewrite_logs}; {@code step} is the event's step, not a scalar. */
  static Map<String, Object> rewrite(Map<String, Object> entry) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : entry.entrySet()) {
      String k = e.getKey();
      if (k.equals("step")) {
        continue;
      }
      if (k.startsWith("eval_")) {
        out.put("eval/" + k.substring(5), e.getValue());
      } else if (k.startsWith("test_")) {
        out.put("test/" + k.substring(5), e.getValue());
      } else {
        out.put("train/" + k, e.getValue());
      }
    }
    return out;
  }

  private EventFileWriter writer() {
    if (writer == null) {
      writer = EventFileWriter.create(runDirectory);
      LOG.info("TensorBoard: " + writer.file() + " (tensorboard --logdir " + runDirectory.getParent() + ")");
    }
    return writer;
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }
}

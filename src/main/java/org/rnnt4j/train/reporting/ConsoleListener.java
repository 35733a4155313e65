package org.rnnt4j.train.reporting;

import org.rnnt4j.train.Trainer;
import org.rnnt4j.train.TrainerState;
import org.rnnt4j.train.TrainingListener;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.util.Json;

/** Prints each log entry as one JSON line, like the Hugging Face Trainer's console output. */
public final class ConsoleListener implements TrainingListener {
  private static final Logger LOG = Logger.getLogger("rnnt4j.train");

  @Override
  public void onLog(TrainerState state, Map<String, Object> entry) {
    LOG.info(Json.compact(entry));
  }
}

package org.rnnt4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.util.Json;

/**
 * Skipped updates: an update whose loss or gradient is not finite changes neither the weights nor the
 * optimizer (its moments and step counts) nor the averaged weights, but the global step, the schedule
 * and the data position advance, as they do for an update Hugging Face's fp16 scaler skips. Each is
 * logged with its utterance ids and appended to {@code output_dir/bad_steps.jsonl} (icefall's {@code
 * display_and_save_batch} idea), counted ({@code train_skipped_steps}), and after {@code
 * max_consecutive_bad_steps} in a row training stops with {@link TrainingDivergedException}.
 */
final class BadSteps {
  static final String FILE = "bad_steps.jsonl";
  private static final Logger LOG = Logger.getLogger(BadSteps.class.getName());

  private final int maxConsecutive;
  private final Path outputDir;
  private long total;
  private long consecutive;

  BadSteps(int maxConsecutive, Path outputDir, long total, long consecutive) {
    this.maxConsecutive = maxConsecutive;
    this.outputDir = outputDir;
    this.total = total;
    this.consecutive = consecutive;
  }

  void good() {
    consecutive = 0;
  }

  /**
   * @param step the global step the skipped update would have made
   * @param reason what was not finite
   * @param ids the utterances of the update's batches
   */
  void bad(long step, String reason, List<String> ids) {
    total++;
    consecutive++;
    LOG.warning("step " + step + ": " + reason + "; update skipped (" + consecutive + " in a row); utterances " + ids);
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", step);
    line.put("reason", reason);
    line.put("ids", ids);
    try {
      Files.createDirectories(outputDir);
      Files.writeString(
          outputDir.resolve(FILE), Json.compact(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + outputDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
    if (consecutive >= maxConsecutive) {
      throw new TrainingDivergedException(
          consecutive + " consecutive updates (up to step " + step + ") had a non-finite loss or gradient (last: "
              + reason + "); stopping (--max_consecutive_bad_steps " + maxConsecutive + "). Their utterances are listed in "
              + outputDir.resolve(FILE) + "; the weights are those of the last good update.");
    }
  }

  long total() {
    return total;
  }

  long consecutive() {
    return consecutive;
  }
}

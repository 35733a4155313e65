package org.rnnt4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.checkpoint.training.CheckpointSection;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * The loop's own state at a save point, kept in a checkpoint as the optional section {@code
 * trainer_loop} ({@code trainer_loop.json}): the loss sums behind the logged losses and {@code
 * train_loss} ({@link LossTracker}), the skipped-update counts ({@link BadSteps}) and SpecAugment's mask
 * generator. With it a resumed run logs exactly what an uninterrupted one logs; a checkpoint without it
 * resumes with the sums restarted at the resume, as Hugging Face's Trainer does.
 */
record LoopState(
    double lossSinceLog, long lastLoggedStep, double lossTotal, long skippedSteps, long consecutiveBadSteps,
    long specAugmentRandomState) {
  static final String SECTION = "trainer_loop";
  static final String FILE = "trainer_loop.json";

  CheckpointSection toSection() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("loss_since_log", lossSinceLog);
    json.put("last_logged_step", lastLoggedStep);
    json.put("loss_total", lossTotal);
    json.put("skipped_steps", skippedSteps);
    json.put("consecutive_bad_steps", consecutiveBadSteps);
    json.put("spec_augment_random_state", specAugmentRandomState);
    return new CheckpointSection(SECTION, Map.of(FILE, Json.pretty(json).getBytes(StandardCharsets.UTF_8)));
  }

  static LoopState fromSection(CheckpointSection section, String checkpoint) {
    byte[] bytes = section.files().get(FILE);
    String where = checkpoint + "/" + FILE;
    if (bytes == null) {
      throw new FormatException(where, "section " + SECTION + " lacks " + FILE);
    }
    try {
      JsonNode json = Json.parse(new String(bytes, StandardCharsets.UTF_8));
      return new LoopState(
          number(json, "loss_since_log", where).doubleValue(),
          number(json, "last_logged_step", where).longValue(),
          number(json, "loss_total", where).doubleValue(),
          number(json, "skipped_steps", where).longValue(),
          number(json, "consecutive_bad_steps", where).longValue(),
          number(json, "spec_augment_random_state", where).longValue());
    } catch (RuntimeException e) {
      if (e instanceof FormatException f) {
        throw f;
      }
      throw new FormatException(where, "not valid JSON: " + e.getMessage(), e);
    }
  }

  private static Number number(JsonNode json, String key, String where) {
    JsonNode v = json.get(key);
    if (v == null || !v.isNumber()) {
      throw new FormatException(where, "'" + key + "' must be a number, got " + v);
    }
    return v.numberValue();
  }
}

package org.rnnt4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.training.CheckpointSection;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.optim.DynamicLossScaler;
import org.rnnt4j.optim.LossScaler;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * The float16 loss scaler's state in a checkpoint: the optional section {@code scaler}, one file {@code
 * scaler.json} with {@code torch.cuda.amp.GradScaler.state_dict()}'s keys ({@code scale}, {@code
 * growth_factor}, {@code backoff_factor}, {@code growth_interval}, {@code _growth_tracker}), which the
 * Hugging Face Trainer saves as {@code scaler.pt}. A run resumed with {@code --fp16} continues with the
 * saved scale, so it skips and grows where the uninterrupted run would.
 */
final class LossScalerSection {
  static final String SECTION = "scaler";
  static final String FILE = "scaler.json";
  private static final Logger LOG = Logger.getLogger(LossScalerSection.class.getName());

  private LossScalerSection() {}

  static CheckpointSection of(DynamicLossScaler.State state) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scale", state.scale());
    json.put("growth_factor", state.growthFactor());
    json.put("backoff_factor", state.backoffFactor());
    json.put("growth_interval", state.growthInterval());
    json.put("_growth_tracker", state.growthTracker());
    return new CheckpointSection(SECTION, Map.of(FILE, Json.pretty(json).getBytes(StandardCharsets.UTF_8)));
  }

  static DynamicLossScaler.State read(CheckpointSection section, String checkpoint) {
    String where = checkpoint + "/" + FILE;
    byte[] bytes = section.files().get(FILE);
    if (bytes == null) {
      throw new FormatException(where, "section " + SECTION + " lacks " + FILE);
    }
    JsonNode json;
    try {
      json = Json.parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new FormatException(where, "not valid JSON: " + e.getMessage(), e);
    }
    try {
      return new DynamicLossScaler.State(
          number(json, "scale", where).doubleValue(),
          number(json, "growth_factor", where).doubleValue(),
          number(json, "backoff_factor", where).doubleValue(),
          number(json, "growth_interval", where).intValue(),
          number(json, "_growth_tracker", where).intValue());
    } catch (IllegalArgumentException e) {
      throw new FormatException(where, e.getMessage(), e);
    }
  }

  /**
   * The scaler a run with {@code precision} continues with from {@code saved} (null: a fresh start): the
   * saved one for float16, a fresh one (with a warning) when the checkpoint has none.
   */
  static LossScaler restore(TrainingState saved, MixedPrecision precision) {
    LossScaler fresh = precision.newScaler();
    if (saved == null) {
      return fresh;
    }
    String where = "checkpoint-" + saved.globalStep();
    CheckpointSection section = saved.sections().get(SECTION);
    if (!(fresh instanceof DynamicLossScaler)) {
      if (section != null) {
        LOG.warning(where + " holds a float16 loss scaler; this run is " + precision.flagName() + " and does not use it");
      }
      return fresh;
    }
    if (section == null) {
      LOG.warning(where + " has no loss scaler (not trained with --fp16): it starts at GradScaler's initial scale");
      return fresh;
    }
    return new DynamicLossScaler(read(section, where));
  }

  private static Number number(JsonNode json, String key, String where) {
    JsonNode v = json.get(key);
    if (v == null || !v.isNumber()) {
      throw new FormatException(where, "'" + key + "' must be a number, got " + v);
    }
    return v.numberValue();
  }
}

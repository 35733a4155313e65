package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.optim.LinearSchedule;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * The learning-rate schedule at a save point, as {@code scheduler.json} holds it: its type and
 * parameters (enough to rebuild it) and the number of updates it has scheduled. {@code last_lr}, the
 * rate of the next update (Hugging Face's {@code get_last_lr()}), is written for readers of the file and
 * derived, not read.
 *
 * @param schedule the schedule (today always Hugging Face's linear warm-up and decay)
 * @param step completed updates, the trainer's global step
 */
public record ScheduleState(LinearSchedule schedule, long step) {
  public static final String FILE = "scheduler.json";
  /** Hugging Face's {@code SchedulerType} name. */
  static final String LINEAR = "linear";

  public ScheduleState {
    Checks.notNull(schedule, "schedule");
    Checks.argument(step >= 0, "schedule step must be >= 0, got %s", step);
  }

  /** The learning rate of the next update. */
  public double lastLr() {
    return schedule.lr(step);
  }

  void write(Path file) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", LINEAR);
    json.put("peak_lr", schedule.peakLr());
    json.put("warmup_steps", schedule.warmupSteps());
    json.put("total_steps", schedule.totalSteps());
    json.put("step", step);
    json.put("last_lr", lastLr());
    Json.write(file, json);
  }

  static ScheduleState read(Path file) {
    JsonNode json = JsonFields.read(file);
    String type = JsonFields.getString(json, "type", file);
    if (!type.equals(LINEAR)) {
      throw new FormatException(file.toString(), "schedule type is '" + type + "'; this rnnt4j knows: " + LINEAR);
    }
    try {
      return new ScheduleState(
          new LinearSchedule(
              JsonFields.getDouble(json, "peak_lr", file),
              JsonFields.getLong(json, "warmup_steps", file),
              JsonFields.getLong(json, "total_steps", file)),
          JsonFields.getLong(json, "step", file));
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
  }
}

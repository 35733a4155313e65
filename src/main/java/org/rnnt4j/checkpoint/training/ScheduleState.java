package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.optim.LrSchedule;
import org.rnnt4j.optim.LrSchedules;
import org.rnnt4j.optim.ScheduleType;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * The learning-rate schedule at a save point, as {@code scheduler.json} holds it: its type (Hugging
 * Face's {@code SchedulerType} name or NeMo's class name), the parameters that rebuild it, and the
 * number of updates it has scheduled. {@code last_lr}, the rate of the next update (Hugging Face's
 * {@code get_last_lr()}), is written for readers of the file and derived, not read.
 *
 * @param schedule any {@link LrSchedule}
 * @param step completed updates, the trainer's global step
 */
public record ScheduleState(LrSchedule schedule, long step) {
  public static final String FILE = "scheduler.json";
  private static final java.util.Set<String> NOT_PARAMETERS = java.util.Set.of("type", "step", "last_lr");

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
    json.put("type", schedule.type().fileName());
    json.putAll(schedule.parameters());
    json.put("step", step);
    json.put("last_lr", lastLr());
    Json.write(file, json);
  }

  static ScheduleState read(Path file) {
    JsonNode json = JsonFields.read(file);
    String name = JsonFields.getString(json, "type", file);
    ScheduleType type;
    try {
      type = ScheduleType.fromFileName(name);
    } catch (IllegalArgumentException e) {
      throw new FormatException(
          file.toString(),
          "schedule type is '" + name + "'; this rnnt4j knows: "
              + Arrays.stream(ScheduleType.values()).map(ScheduleType::fileName).toList(), e);
    }
    Map<String, Number> parameters = new LinkedHashMap<>();
    for (var it = json.fields(); it.hasNext(); ) {
      var field = it.next();
      if (NOT_PARAMETERS.contains(field.getKey())) {
        continue;
      }
      if (!field.getValue().isNumber()) {
        throw new FormatException(file.toString(), "'" + field.getKey() + "' must be a number, got " + field.getValue());
      }
      parameters.put(field.getKey(), field.getValue().numberValue());
    }
    try {
      return new ScheduleState(LrSchedules.of(type, parameters), JsonFields.getLong(json, "step", file));
    } catch (IllegalArgumentException e) {
      throw new FormatException(file.toString(), e.getMessage(), e);
    }
  }
}

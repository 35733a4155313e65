package org.rnnt4j.optim;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The learning-rate schedules rnnt4j implements, by the names their sources give them: Hugging Face's
 * {@code SchedulerType} values ({@code --lr_scheduler_type}) and NeMo's scheduler class names (a conf's
 * {@code optim.sched.name}). The name is also what {@code scheduler.json} records as {@code type}.
 */
public enum ScheduleType {
  LINEAR("linear", true),
  COSINE("cosine", true),
  COSINE_WITH_RESTARTS("cosine_with_restarts", true),
  POLYNOMIAL("polynomial", true),
  CONSTANT("constant", true),
  CONSTANT_WITH_WARMUP("constant_with_warmup", true),
  INVERSE_SQRT("inverse_sqrt", true),
  NOAM_ANNEALING("NoamAnnealing", false),
  COSINE_ANNEALING("CosineAnnealing", false);

  private final String fileName;
  private final boolean huggingFace;

  ScheduleType(String fileName, boolean huggingFace) {
    this.fileName = fileName;
    this.huggingFace = huggingFace;
  }

  /** HF's {@code SchedulerType} value or NeMo's class name. */
  public String fileName() {
    return fileName;
  }

  /** Whether {@code --lr_scheduler_type} may name it (NeMo's come from a conf). */
  public boolean isHuggingFace() {
    return huggingFace;
  }

  /** Any schedule by its recorded name, exact case. */
  public static ScheduleType fromFileName(String name) {
    for (ScheduleType t : values()) {
      if (t.fileName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown schedule type '" + name + "'; known: " + Arrays.stream(values()).map(ScheduleType::fileName).toList());
  }

  /** {@code --lr_scheduler_type}: one of HF's names. */
  public static ScheduleType parseHuggingFace(String name) {
    for (ScheduleType t : values()) {
      if (t.huggingFace && t.fileName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "lr_scheduler_type must be one of "
            + Arrays.stream(values()).filter(t -> t.huggingFace).map(ScheduleType::fileName).collect(Collectors.joining(", "))
            + ", got '" + name + "'");
  }
}

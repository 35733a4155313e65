package org.rnnt4j.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * One span of a word alignment, as jiwer's {@code AlignmentChunk}: a run of one operation over reference
 * words {@code [refStart, refEnd)} and hypothesis words {@code [hypStart, hypEnd)}.
 */
public record AlignmentChunk(Type type, int refStart, int refEnd, int hypStart, int hypEnd) {
  /** jiwer's chunk types. */
  public enum Type {
    EQUAL,
    SUBSTITUTE,
    INSERT,
    DELETE;

    /** jiwer's name: {@code equal}, {@code substitute}, {@code insert}, {@code delete}. */
    public String jiwerName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AlignmentChunk {
    Checks.notNull(type, "type");
    Checks.argument(0 <= refStart && refStart <= refEnd, "reference span [%s, %s) out of order", refStart, refEnd);
    Checks.argument(0 <= hypStart && hypStart <= hypEnd, "hypothesis span [%s, %s) out of order", hypStart, hypEnd);
  }

  /** jiwer's field names. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type.jiwerName());
    m.put("ref_start_idx", refStart);
    m.put("ref_end_idx", refEnd);
    m.put("hyp_start_idx", hypStart);
    m.put("hyp_end_idx", hypEnd);
    return m;
  }
}

package org.rnnt4j.data.text;

import org.rnnt4j.util.Checks;

/** Python's {@code str.replace(from, to)}: every non-overlapping occurrence, left to right. */
public record Replace(String from, String to) implements TextRule {
  public Replace {
    Checks.argument(from != null && !from.isEmpty(), "the text to replace must be non-empty");
    Checks.notNull(to, "replacement");
  }

  /** Deletes every occurrence. */
  public static Replace delete(String token) {
    return new Replace(token, "");
  }

  @Override
  public String apply(String text) {
    return text.replace(from, to);
  }
}

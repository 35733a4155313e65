package org.rnnt4j.config;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * The location of a value in a configuration tree, printed the way OmegaConf users read it:
 * {@code model.encoder.jasper[3].filters}. Map keys are {@link String} segments, list positions
 * {@link Integer} segments. The root is the empty path.
 */
public final class KeyPath {
  private static final KeyPath ROOT = new KeyPath(List.of());

  private final List<Object> segments;

  private KeyPath(List<Object> segments) {
    this.segments = segments;
  }

  public static KeyPath root() {
    return ROOT;
  }

  /**
   * Parses a dotted path such as {@code model.train_ds.batch_size}, {@code a.b[0].c} or {@code a.b.0}.
   * A bracketed index becomes an {@link Integer} segment; a bare numeric segment stays a String and is
   * taken as a list index only when it is applied to a list (OmegaConf accepts both spellings). A path may
   * start with an index ({@code [2].filters}) when it is read from a list node.
   */
  public static KeyPath parse(String dotted) {
    Checks.notNull(dotted, "path");
    List<Object> out = new ArrayList<>();
    if (dotted.isEmpty()) {
      return ROOT;
    }
    for (String part : dotted.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String key = bracket < 0 ? part : part.substring(0, bracket);
      Checks.argument(
          !key.isEmpty() || bracket == 0,
          "empty key in path '%s'; expected keys separated by single dots, e.g. model.encoder.jasper[3].filters",
          dotted);
      if (!key.isEmpty()) {
        out.add(key);
      }
      int pos = bracket;
      while (pos >= 0 && pos < part.length()) {
        int close = part.indexOf(']', pos);
        Checks.argument(close > pos + 1 && part.charAt(pos) == '[', "malformed index in path '%s'", dotted);
        String digits = part.substring(pos + 1, close);
        Checks.argument(digits.chars().allMatch(Character::isDigit), "index '%s' in path '%s' is not a non-negative integer", digits, dotted);
        out.add(Integer.parseInt(digits));
        pos = close + 1;
        Checks.argument(pos == part.length() || part.charAt(pos) == '[', "unexpected text after ']' in path '%s'", dotted);
      }
    }
    return new KeyPath(List.copyOf(out));
  }

  public KeyPath key(String key) {
    return append(Checks.notNull(key, "key"));
  }

  public KeyPath index(int index) {
    Checks.argument(index >= 0, "list index must be >= 0, got %s", index);
    return append(index);
  }

  /** Appends a raw segment: a String key or an Integer index. */
  KeyPath append(Object segment) {
    List<Object> out = new ArrayList<>(segments);
    out.add(segment);
    return new KeyPath(List.copyOf(out));
  }

  public KeyPath resolve(KeyPath relative) {
    KeyPath out = this;
    for (Object segment : relative.segments) {
      out = out.append(segment);
    }
    return out;
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** The enclosing container's path; the root has no parent. */
  public KeyPath parent() {
    Checks.state(!isRoot(), "the root path has no parent");
    return new KeyPath(segments.subList(0, segments.size() - 1));
  }

  public List<Object> segments() {
    return segments;
  }

  public int size() {
    return segments.size();
  }

  public Object last() {
    Checks.state(!isRoot(), "the root path has no last segment");
    return segments.get(segments.size() - 1);
  }

  @Override
  public String toString() {
    if (segments.isEmpty()) {
      return "<root>";
    }
    StringBuilder out = new StringBuilder();
    for (Object segment : segments) {
      if (segment instanceof Integer) {
        out.append('[').append(segment).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyPath && ((KeyPath) other).segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }
}

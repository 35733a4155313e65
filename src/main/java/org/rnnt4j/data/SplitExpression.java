package org.rnnt4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnt4j.util.Checks;

/**
 * A Hugging Face {@code datasets} split expression, parsed and resolved exactly as {@code
 * datasets.ReadInstruction.from_spec} does: splits joined with {@code +} are concatenated in order ({@code
 * train.clean.100+train.clean.360}); each may carry a slice {@code [from:to]} in rows ({@code
 * validation[:32]}, {@code validation[10:20]}, negatives count from the end) or in percent ({@code
 * validation[:90%]}, {@code test[-10%:]}; one {@code %} makes both bounds percent), and a percent slice may
 * name its rounding: {@code (closest)}, the default, is Python's {@code int(round(p * n / 100))} (ties to
 * even), {@code (pct1_dropremainder)} is {@code p * trunc(n / 100)} and needs at least 100 rows.
 */
public final class SplitExpression {
  private static final Pattern PART =
      Pattern.compile(
          "^(?<split>\\w+(\\.\\w+)*)(\\[((?<from>-?[\\d_]+)(?<fromPct>%)?)?:((?<to>-?[\\d_]+)(?<toPct>%)?)?\\])?(\\((?<rounding>[^)]*)\\))?$",
          Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PLUS = Pattern.compile("\\s*\\+\\s*");

  /** How percent bounds become row numbers. */
  public enum Rounding {
    CLOSEST,
    PCT1_DROPREMAINDER
  }

  /** One {@code split[from:to]} term; null bounds are open, {@code percent} says the unit. */
  public record Slice(String split, Integer from, Integer to, boolean percent, Rounding rounding) {}

  /** Rows {@code [from, to)} of one split; empty when {@code from >= to}. */
  public record RowRange(String split, long from, long to) {
    public long size() {
      return Math.max(0, to - from);
    }
  }

  private final String text;
  private final List<Slice> slices;

  private SplitExpression(String text, List<Slice> slices) {
    this.text = text;
    this.slices = slices;
  }

  /**
   * @throws IllegalArgumentException naming the part that does not parse, as HF's "Unrecognized instruction
   *     format"
   */
  public static SplitExpression parse(String expression) {
    Checks.notNull(expression, "split expression");
    List<Slice> slices = new ArrayList<>();
    for (String part : PLUS.split(expression, -1)) {
      Matcher m = PART.matcher(part);
      Checks.argument(
          m.matches(),
          "unrecognised split expression '%s' in '%s'; expected e.g. train, validation[:32], test[-10%%:] or train.clean.100+train.clean.360",
          part, expression);
      boolean percent = m.group("fromPct") != null || m.group("toPct") != null;
      Integer from = bound(m.group("from"), expression);
      Integer to = bound(m.group("to"), expression);
      Rounding rounding = null;
      if (m.group("rounding") != null) {
        Checks.argument(percent, "rounding is only allowed with percent slices, got '%s'", part);
        String name = m.group("rounding");
        Checks.argument(
            name.equals("closest") || name.equals("pct1_dropremainder"),
            "rounding must be closest or pct1_dropremainder, got '%s' in '%s'", name, part);
        rounding = name.equals("closest") ? Rounding.CLOSEST : Rounding.PCT1_DROPREMAINDER;
      }
      if (percent) {
        Checks.argument(from == null || Math.abs(from) <= 100, "percent slice boundaries must be between -100 and 100, got %s%% in '%s'", from, part);
        Checks.argument(to == null || Math.abs(to) <= 100, "percent slice boundaries must be between -100 and 100, got %s%% in '%s'", to, part);
        rounding = rounding == null ? Rounding.CLOSEST : rounding;
      }
      slices.add(new Slice(m.group("split"), from, to, percent, rounding));
    }
    Rounding first = null;
    for (Slice slice : slices) {
      if (slice.percent()) {
        Checks.argument(first == null || first == slice.rounding(), "all percent slices of '%s' must use the same rounding", expression);
        first = slice.rounding();
      }
    }
    return new SplitExpression(expression, List.copyOf(slices));
  }

  public List<Slice> slices() {
    return slices;
  }

  /** The split names, in order, possibly repeated. */
  public List<String> splitNames() {
    return slices.stream().map(Slice::split).toList();
  }

  /**
   * Row ranges given the number of rows of each split, as HF's {@code _rel_to_abs_instr}.
   *
   * @throws IllegalArgumentException for an unknown split, listing the known ones
   */
  public List<RowRange> resolve(Map<String, Long> rowsPerSplit) {
    List<RowRange> out = new ArrayList<>();
    for (Slice slice : slices) {
      Long known = rowsPerSplit.get(slice.split());
      Checks.argument(known != null, "unknown split \"%s\" in '%s'; should be one of %s", slice.split(), text, rowsPerSplit.keySet());
      long n = known;
      long from;
      long to;
      if (slice.percent()) {
        from = slice.from() == null ? 0 : percentToRows(slice.from(), n, slice.rounding());
        to = slice.to() == null ? n : percentToRows(slice.to(), n, slice.rounding());
      } else {
        from = slice.from() == null ? 0 : slice.from();
        to = slice.to() == null ? n : slice.to();
      }
      if (from < 0) {
        from = Math.max(n + from, 0);
      }
      if (to < 0) {
        to = Math.max(n + to, 0);
      }
      out.add(new RowRange(slice.split(), Math.min(from, n), Math.min(to, n)));
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }

  private static long percentToRows(int boundary, long n, Rounding rounding) {
    if (rounding == Rounding.PCT1_DROPREMAINDER) {
      Checks.argument(
          n >= 100,
          "pct1_dropremainder rounding on a split with fewer than 100 rows (%s) always gives an empty slice", n);
      return boundary * (n / 100);
    }
    // Python: int(round(boundary * n / 100.0)), round-half-even on the same double
    return (long) Math.rint(boundary * (double) n / 100.0);
  }

  private static Integer bound(String digits, String expression) {
    if (digits == null) {
      return null;
    }
    // Python's int() accepts underscores between digits only ("1_000"), like the regex's [\d_]+ allows
    Checks.argument(digits.matches("-?\\d+(_\\d+)*"), "invalid slice bound '%s' in '%s'", digits, expression);
    return Integer.parseInt(digits.replace("_", ""));
  }
}

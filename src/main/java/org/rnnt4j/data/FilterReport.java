package org.rnnt4j.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.rnnt4j.util.Checks;

/**
 * What one filter did: how many utterances it saw and kept, how many it dropped for each reason, and
 * notes on utterances it kept without being able to check them (e.g. unknown duration).
 */
public record FilterReport(String filter, long examined, Map<String, Long> dropped, Map<String, Long> notes) {
  public FilterReport {
    Checks.notNull(filter, "filter");
    dropped = Map.copyOf(dropped);
    notes = Map.copyOf(notes);
    Checks.argument(totalDropped(dropped) <= examined, "dropped %s of only %s examined", totalDropped(dropped), examined);
  }

  public long droppedCount() {
    return totalDropped(dropped);
  }

  public long kept() {
    return examined - droppedCount();
  }

  /** One line for logs, e.g. {@code duration: kept 40 of 48; dropped 8 (longer than 20.0 s: 8)}. */
  public String summary() {
    StringBuilder out = new StringBuilder(filter + ": kept " + kept() + " of " + examined);
    if (!dropped.isEmpty()) {
      out.append("; dropped ").append(droppedCount()).append(" (").append(join(dropped)).append(")");
    }
    if (!notes.isEmpty()) {
      out.append("; ").append(join(notes));
    }
    return out.toString();
  }

  private static String join(Map<String, Long> counts) {
    return new java.util.TreeMap<>(counts).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
  }

  private static long totalDropped(Map<String, Long> dropped) {
    return dropped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Collects counts while a filter runs. */
  public static final class Counter {
    private final String filter;
    private final Map<String, Long> dropped = new LinkedHashMap<>();
    private final Map<String, Long> notes = new LinkedHashMap<>();
    private long examined;

    public Counter(String filter) {
      this.filter = filter;
    }

    public void examined() {
      examined++;
    }

    public void dropped(String reason) {
      dropped.merge(reason, 1L, Long::sum);
    }

    public void note(String note) {
      notes.merge(note, 1L, Long::sum);
    }

    public FilterReport report() {
      return new FilterReport(filter, examined, dropped, notes);
    }
  }
}

package org.rnnt4j.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of each substituted (reference word, hypothesis word) pair, deleted word and inserted word over
 * a corpus's alignments, as jiwer's {@code collect_error_counts}; {@link #top} lists the most frequent,
 * ties in order of first occurrence (Python's stable sort by count, which jiwer's error-count report uses).
 */
public final class ErrorTally {
  private final Map<List<String>, Long> substitutions = new LinkedHashMap<>();
  private final Map<String, Long> deletions = new LinkedHashMap<>();
  private final Map<String, Long> insertions = new LinkedHashMap<>();

  public void add(WordAlignment a) {
    for (AlignmentChunk c : a.chunks()) {
      switch (c.type()) {
        case SUBSTITUTE -> {
          for (int k = 0; k < c.refEnd() - c.refStart(); k++) {
            substitutions.merge(List.of(a.reference().get(c.refStart() + k), a.hypothesis().get(c.hypStart() + k)), 1L, Long::sum);
          }
        }
        case DELETE -> {
          for (int i = c.refStart(); i < c.refEnd(); i++) {
            deletions.merge(a.reference().get(i), 1L, Long::sum);
          }
        }
        case INSERT -> {
          for (int j = c.hypStart(); j < c.hypEnd(); j++) {
            insertions.merge(a.hypothesis().get(j), 1L, Long::sum);
          }
        }
        case EQUAL -> { }
      }
    }
  }

  /**
   * @return {@code substitutions: [{reference, hypothesis, count}]}, {@code deletions: [{word, count}]},
   *     {@code insertions: [{word, count}]}, each the {@code limit} most frequent
   */
  public Map<String, Object> top(int limit) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> subs = new ArrayList<>();
    for (var e : sorted(substitutions, limit)) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("reference", e.getKey().get(0));
      s.put("hypothesis", e.getKey().get(1));
      s.put("count", e.getValue());
      subs.add(s);
    }
    m.put("substitutions", subs);
    m.put("deletions", words(deletions, limit));
    m.put("insertions", words(insertions, limit));
    return m;
  }

  private static List<Map<String, Object>> words(Map<String, Long> counts, int limit) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (var e : sorted(counts, limit)) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("word", e.getKey());
      w.put("count", e.getValue());
      out.add(w);
    }
    return out;
  }

  private static <K> List<Map.Entry<K, Long>> sorted(Map<K, Long> counts, int limit) {
    List<Map.Entry<K, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Comparator.comparing((Map.Entry<K, Long> e) -> e.getValue()).reversed()); // stable
    return entries.subList(0, Math.min(limit, entries.size()));
  }
}

package org.rnnt4j.data.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.util.Checks;

/**
 * {@code --min_target_length} / {@code --max_target_length}: keeps the training examples whose transcript
 * has between {@code min} and {@code max} tokens (inclusive). The Python recipe declares these flags (with
 * defaults 2 and 128) but never applies them; rnnt4j applies them to the training data when given, and
 * not at all otherwise, so a recipe command line trains on the same examples as the recipe.
 *
 * @param min the fewest tokens, or null for no lower bound
 * @param max the most tokens, or null for no upper bound
 */
public record TargetLengths(Integer min, Integer max) {
  private static final Logger LOG = Logger.getLogger(TargetLengths.class.getName());

  /** No bound: every example is kept. */
  public static final TargetLengths ANY = new TargetLengths(null, null);

  public TargetLengths {
    Checks.argument(min == null || min >= 0, "min_target_length must be >= 0, got %s", min);
    Checks.argument(max == null || max >= 1, "max_target_length must be >= 1, got %s", max);
    Checks.argument(min == null || max == null || min <= max, "min_target_length %s exceeds max_target_length %s", min, max);
  }

  /** The examples of a tokenized split within the bounds, with a report of what was dropped. */
  public PreparedSplit apply(PreparedSplit split) {
    if (split == null || (min == null && max == null)) {
      return split;
    }
    FilterReport.Counter counter = new FilterReport.Counter("target length");
    List<Example> kept = new ArrayList<>();
    for (Example e : split.examples()) {
      counter.examined();
      int n = e.tokens().length;
      if (min != null && n < min) {
        counter.dropped("fewer than " + min + " tokens");
      } else if (max != null && n > max) {
        counter.dropped("more than " + max + " tokens");
      } else {
        kept.add(e);
      }
    }
    FilterReport report = counter.report();
    LOG.info(split.name() + ": " + report.summary());
    List<FilterReport> reports = new ArrayList<>(split.reports());
    reports.add(report);
    return new PreparedSplit(split.name(), kept, reports, split.badSamples());
  }
}

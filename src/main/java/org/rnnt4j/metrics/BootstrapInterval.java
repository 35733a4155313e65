package org.rnnt4j.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.rnnt4j.util.Checks;

/**
 * A percentile bootstrap confidence interval of a corpus error rate over utterances: draw as many
 * utterances as the corpus has, with replacement, take the corpus rate of the draw (its summed errors over
 * its summed reference length, as jiwer's corpus rate), repeat, and report the 2.5th and 97.5th
 * percentiles of those rates (interpolated linearly between order statistics, as numpy's default
 * {@code percentile}). The draws come from a seeded {@link SplittableRandom}, so an interval is
 * reproducible from the seed, the utterances and their order.
 *
 * @param low the lower bound (a rate, not a percentage)
 * @param high the upper bound
 */
public record BootstrapInterval(double low, double high) {
  /** The resamples the results files use. */
  public static final int RESAMPLES = 1000;
  /** The seed the results files use. */
  public static final long SEED = 0;

  public BootstrapInterval {
    Checks.argument(!(low > high), "interval bounds out of order: low %s > high %s", low, high);
  }

  /** The 95% interval with {@link #RESAMPLES} resamples and {@link #SEED}. */
  public static BootstrapInterval of95(List<ErrorCounts> perUtterance) {
    return of(perUtterance, 0.95, RESAMPLES, SEED);
  }

  /**
   * @param perUtterance each utterance's counts, in a fixed order
   * @param level e.g. 0.95
   * @return NaN bounds for an empty corpus
   */
  public static BootstrapInterval of(List<ErrorCounts> perUtterance, double level, int resamples, long seed) {
    Checks.argument(level > 0 && level < 1, "confidence level must be in (0, 1), got %s", level);
    Checks.argument(resamples >= 1, "resamples must be >= 1, got %s", resamples);
    int n = perUtterance.size();
    if (n == 0) {
      return new BootstrapInterval(Double.NaN, Double.NaN);
    }
    long[] errors = new long[n];
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      errors[i] = perUtterance.get(i).errors();
      lengths[i] = perUtterance.get(i).referenceLength();
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] rates = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      long e = 0;
      long len = 0;
      for (int k = 0; k < n; k++) {
        int i = random.nextInt(n);
        e += errors[i];
        len += lengths[i];
      }
      rates[r] = rate(e, len);
    }
    Arrays.sort(rates);
    double tail = (1 - level) / 2;
    return new BootstrapInterval(percentile(rates, tail), percentile(rates, 1 - tail));
  }

  /** As a two-element list, the form the results files hold ({@code [low, high]}). */
  public List<Double> toList() {
    return Arrays.asList(low, high);
  }

  /** As {@link ErrorCounts#errorRate()}: errors over reference length; a draw of empty references gives its insertions. */
  private static double rate(long errors, long referenceLength) {
    if (referenceLength == 0) {
      return errors;
    }
    return (double) errors / referenceLength;
  }

  /** numpy's linear percentile of sorted values: position q (n - 1), interpolated. */
  static double percentile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    double fraction = position - below;
    if (fraction == 0 || sorted[below] == sorted[above]) {
      return sorted[below];
    }
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
  }
}

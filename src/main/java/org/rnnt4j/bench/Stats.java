package org.rnnt4j.bench;

import java.util.Arrays;

/** The few statistics the benchmark reports use, rounded as the PyTorch peer prints them. */
final class Stats {
  private Stats() {}

  /** The median (the mean of the middle two for an even count), as Python's {@code statistics.median}. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }

  /** {@code value} rounded half-even to {@code digits} decimals, as Python's {@code round}. */
  static double round(double value, int digits) {
    if (!Double.isFinite(value)) {
      return value;
    }
    return new java.math.BigDecimal(value).setScale(digits, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }
}

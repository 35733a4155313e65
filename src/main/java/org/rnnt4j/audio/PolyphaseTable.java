package org.rnnt4j.audio;

/**
 * A {@link KaiserSincFilter} sampled into rows of taps, one row per output phase, for the rational
 * rate change L/M (output L samples per M input samples). Output sample k lies at input position
 * {@code k M / L}; its phase is {@code (k M) mod L} and its row holds the filter at the offsets of
 * the {@code taps} input samples around that position.
 *
 * <p>When L is large (odd rates such as 44100 to 16001), storing L rows would be wasteful, so the
 * table holds {@code rows - 1} evenly spaced phases plus the closing one, and {@link Resampler}
 * interpolates linearly between neighbouring rows; the filter is smooth enough that this costs
 * little accuracy.
 *
 * <p>Each row is scaled to sum to one, so a constant signal passes exactly.
 *
 * @param coefficients {@code rows x taps}, row-major
 * @param rows number of phase rows: L when exact, else {@code INTERPOLATED_PHASES + 1}
 * @param taps taps per row, a multiple of 4
 * @param exact whether row p is exactly phase p / L
 */
record PolyphaseTable(float[] coefficients, int rows, int taps, boolean exact) {
  /** Up to this many phases get their own row. */
  static final int MAX_EXACT_PHASES = 2048;

  /** Phase resolution of the interpolated table. */
  static final int INTERPOLATED_PHASES = 1024;

  /**
   * Number of taps before the input sample at or before the output position: the window of output k
   * starts at input sample {@code floor(k M / L) - lead()}.
   */
  int lead() {
    return taps / 2 - 1;
  }

  static PolyphaseTable build(KaiserSincFilter filter, int upFactor) {
    int half = (int) Math.ceil(filter.halfWidth());
    // At least 2 * half + 2 taps so that every phase sees the whole support [-halfWidth,
    // halfWidth];
    // rounded up to a multiple of 4 for the unrolled dot product.
    int taps = (2 * half + 2 + 3) / 4 * 4;
    int lead = taps / 2 - 1;
    boolean exact = upFactor <= MAX_EXACT_PHASES;
    int rows = exact ? upFactor : INTERPOLATED_PHASES + 1;
    double rowStep = exact ? 1.0 / upFactor : 1.0 / INTERPOLATED_PHASES;
    float[] coefficients = new float[rows * taps];
    double[] row = new double[taps];
    for (int r = 0; r < rows; r++) {
      double phase = r * rowStep;
      double sum = 0;
      for (int j = 0; j < taps; j++) {
        // Tap j multiplies input sample floor(position) - lead + j, which lies lead - j - phase
        // before it.
        row[j] = filter.at(phase + lead - j);
        sum += row[j];
      }
      for (int j = 0; j < taps; j++) {
        coefficients[r * taps + j] = (float) (row[j] / sum);
      }
    }
    return new PolyphaseTable(coefficients, rows, taps, exact);
  }
}

package org.rnnt4j.audio;

import org.rnnt4j.util.Checks;

/**
 * A Kaiser-windowed sinc low-pass filter, the continuous-time prototype of {@link Resampler}. It is
 * evaluated at arbitrary fractional offsets, measured in input samples.
 *
 * <p>The design follows Kaiser's formulas (Oppenheim and Schafer, Discrete-Time Signal Processing,
 * section 7.5.3): for a stopband attenuation of A dB, the window shape is {@code beta = 0.1102 (A -
 * 8.7)} and the support is {@code (A - 7.95) / (2.285 * 2 pi * transition)} samples, the transition
 * width given in cycles per input sample. The cutoff sits in the middle of the transition band.
 *
 * @param cutoff -6 dB frequency in cycles per input sample, in (0, 0.5]
 * @param halfWidth half the support, in input samples; the filter is zero beyond it
 * @param beta Kaiser window shape parameter
 */
record KaiserSincFilter(double cutoff, double halfWidth, double beta) {
  KaiserSincFilter {
    Checks.argument(
        cutoff > 0 && cutoff <= 0.5, "cutoff must be in (0, 0.5] cycles/sample, got %s", cutoff);
    Checks.argument(halfWidth >= 1, "half width must be >= 1 sample, got %s", halfWidth);
    Checks.argument(beta >= 0, "Kaiser beta must be >= 0, got %s", beta);
  }

  /**
   * @param passband end of the passband, cycles per input sample
   * @param stopband start of the stopband, cycles per input sample, above {@code passband}
   * @param attenuationDb stopband attenuation, at least 21 dB
   */
  static KaiserSincFilter design(double passband, double stopband, double attenuationDb) {
    Checks.argument(
        passband > 0 && stopband > passband && stopband <= 0.5 + 1e-12,
        "need 0 < passband < stopband <= 0.5 cycles/sample, got %s and %s",
        passband,
        stopband);
    Checks.argument(attenuationDb >= 21, "attenuation must be >= 21 dB, got %s", attenuationDb);
    double beta =
        attenuationDb > 50
            ? 0.1102 * (attenuationDb - 8.7)
            : 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
    double length = (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * (stopband - passband));
    return new KaiserSincFilter((passband + stopband) / 2, Math.max(1, length / 2), beta);
  }

  /** The impulse response at {@code t} input samples from the centre; unity gain at DC. */
  double at(double t) {
    double u = t / halfWidth;
    if (u <= -1 || u >= 1) {
      return 0;
    }
    double x = 2 * cutoff * t;
    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    return 2 * cutoff * sinc * besselI0(beta * Math.sqrt(1 - u * u)) / besselI0(beta);
  }

  /**
   * Modified Bessel function of the first kind, order 0, by its power series (converges for all x).
   */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double quarterSquare = x * x / 4;
    for (int k = 1; k < 500 && term > 1e-17 * sum; k++) {
      term *= quarterSquare / ((double) k * k);
      sum += term;
    }
    return sum;
  }
}

package org.rnnt4j.features;

import org.rnnt4j.util.Checks;

/**
 * The settings of NeMo's {@code AudioToMelSpectrogramPreprocessor} that rnnt4j implements, with NeMo's
 * names in the YAML (window_size, window_stride, n_fft, features, dither, pad_to, normalize, ...).
 *
 * @param sampleRate Hz
 * @param windowSize seconds (0.025)
 * @param windowStride seconds (0.01)
 * @param nFft FFT size (512); 0 means the next power of two above the window length
 * @param features mel bands (80)
 * @param dither Gaussian noise std added in training only (1e-5)
 * @param padTo pad the frame axis to a multiple of this (0 = none)
 * @param normalize the per-utterance feature normalisation
 * @param preemph pre-emphasis coefficient (0.97), 0 for none
 * @param lowFreq lowest mel edge, Hz
 * @param highFreq highest mel edge, Hz (sampleRate / 2 when the YAML says null)
 * @param logZeroGuard added before the log (2^-24)
 */
public record MelConfig(
    int sampleRate,
    double windowSize,
    double windowStride,
    int nFft,
    int features,
    double dither,
    int padTo,
    Normalization normalize,
    double preemph,
    double lowFreq,
    double highFreq,
    double logZeroGuard) {

  public MelConfig {
    Checks.argument(sampleRate > 0, "sample_rate must be > 0, got %s", sampleRate);
    Checks.argument(features > 0, "features must be > 0, got %s", features);
    Checks.notNull(normalize, "normalize");
    Checks.argument(padTo >= 0, "pad_to must be >= 0, got %s", padTo);
    Checks.argument(windowLength(sampleRate, windowSize) > 0, "window_size too small: %s", windowSize);
  }

  /** NeMo's defaults for 16 kHz speech (the ContextNet / Conformer confs). */
  public static MelConfig nemoDefaults(int sampleRate, int padTo) {
    return new MelConfig(
        sampleRate, 0.025, 0.01, 512, 80, 1e-5, padTo, Normalization.PER_FEATURE, 0.97, 0, sampleRate / 2.0,
        Math.pow(2, -24));
  }

  /** NeMo's {@code normalize} modes that rnnt4j implements. */
  public enum Normalization {
    /** Each mel band to zero mean and unit variance over the utterance's valid frames (NeMo's default). */
    PER_FEATURE("per_feature"),
    /** The log-mel features as they are. */
    NONE("none");

    private final String nemoName;

    Normalization(String nemoName) {
      this.nemoName = nemoName;
    }

    public String nemoName() {
      return nemoName;
    }

    /** Parses NeMo's name; an unknown or unimplemented one is an IllegalArgumentException listing the supported names. */
    public static Normalization fromNemoName(String name) {
      for (Normalization n : values()) {
        if (n.nemoName.equals(name)) {
          return n;
        }
      }
      throw new IllegalArgumentException(
          "normalize '" + name + "' is not supported (per_feature, none)"
              + (name.equals("all_features") ? "; all_features is not implemented yet" : ""));
    }
  }

  public int windowLength() {
    return windowLength(sampleRate, windowSize);
  }

  public int hopLength() {
    return (int) (windowStride * sampleRate);
  }

  public int fftSize() {
    if (nFft > 0) {
      return nFft;
    }
    int n = 1;
    while (n < windowLength()) {
      n <<= 1;
    }
    return n;
  }

  private static int windowLength(int sampleRate, double windowSize) {
    return (int) (windowSize * sampleRate);
  }
}

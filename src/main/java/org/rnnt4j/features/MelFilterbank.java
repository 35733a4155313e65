package org.rnnt4j.features;

/**
 * Slaney-scale mel filters with Slaney area normalisation ({@code librosa.filters.mel(htk=False,
 * norm='slaney')}, {@code torchaudio melscale_fbanks(norm="slaney", mel_scale="slaney")}), as NeMo's
 * {@code FilterbankFeatures} builds them. Computed in float64.
 */
public final class MelFilterbank {
  private static final double F_SP = 200.0 / 3;
  private static final double MIN_LOG_HZ = 1000.0;
  private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  private MelFilterbank() {}

  static double hzToMel(double hz) {
    return hz < MIN_LOG_HZ ? hz / F_SP : MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
  }

  static double melToHz(double mel) {
    return mel < MIN_LOG_MEL ? F_SP * mel : MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
  }

  /**
   * @return weights [mels][nFft/2 + 1]
   */
  public static double[][] slaney(int sampleRate, int nFft, int mels, double fMin, double fMax) {
    int bins = nFft / 2 + 1;
    double[] fftFreqs = new double[bins];
    for (int k = 0; k < bins; k++) {
      fftFreqs[k] = (double) k * sampleRate / nFft;
    }
    double melMin = hzToMel(fMin);
    double melMax = hzToMel(fMax);
    double[] edges = new double[mels + 2];
    for (int i = 0; i < mels + 2; i++) {
      edges[i] = melToHz(melMin + (melMax - melMin) * i / (mels + 1));
    }
    double[][] weights = new double[mels][bins];
    for (int m = 0; m < mels; m++) {
      double lowerWidth = edges[m + 1] - edges[m];
      double upperWidth = edges[m + 2] - edges[m + 1];
      double norm = 2.0 / (edges[m + 2] - edges[m]);
      for (int k = 0; k < bins; k++) {
        double lower = (fftFreqs[k] - edges[m]) / lowerWidth;
        double upper = (edges[m + 2] - fftFreqs[k]) / upperWidth;
        weights[m][k] = Math.max(0, Math.min(lower, upper)) * norm;
      }
    }
    return weights;
  }

  /** Symmetric Hann window {@code 0.5 - 0.5 cos(2 pi n / (N-1))} ({@code torch.hann_window(N, periodic=False)}). */
  public static double[] hann(int length) {
    double[] w = new double[length];
    if (length == 1) {
      w[0] = 1;
      return w;
    }
    for (int n = 0; n < length; n++) {
      w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (length - 1));
    }
    return w;
  }
}

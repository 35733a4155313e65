package org.rnnt4j.audio;

/** Test-side signal measurements: SNR over the whole band or below a frequency, tones, RMS. */
final class Signals {
  private Signals() {}

  /** 10 log10(energy(reference) / energy(actual - reference)) over the common length. */
  static double snrDb(float[] reference, float[] actual) {
    int n = Math.min(reference.length, actual.length);
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < n; i++) {
      double e = actual[i] - (double) reference[i];
      signal += reference[i] * (double) reference[i];
      noise += e * e;
    }
    return 10 * Math.log10(signal / noise);
  }

  /**
   * SNR counting only frequencies up to {@code maxHz}: both signals are transformed (zero-padded
   * FFT over their common length) and the energies of the reference and of the difference are
   * summed over the bins at or below {@code maxHz}, an ideal brick-wall low-pass applied to both.
   */
  static double bandSnrDb(float[] reference, float[] actual, int sampleRate, double maxHz) {
    int n = Math.min(reference.length, actual.length);
    float[] difference = new float[n];
    for (int i = 0; i < n; i++) {
      difference[i] = actual[i] - reference[i];
    }
    return 10
        * Math.log10(
            bandEnergy(reference, n, sampleRate, maxHz)
                / bandEnergy(difference, n, sampleRate, maxHz));
  }

  /**
   * Energy of {@code x[0, n)} in the bins at or below {@code maxHz} (positive and negative
   * frequencies).
   */
  static double bandEnergy(float[] x, int n, int sampleRate, double maxHz) {
    int size = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
    double[] re = new double[size];
    double[] im = new double[size];
    for (int i = 0; i < n; i++) {
      re[i] = x[i];
    }
    fft(re, im);
    int last = (int) Math.min(size / 2, Math.floor(maxHz * size / sampleRate));
    double energy = re[0] * re[0] + im[0] * im[0];
    for (int k = 1; k <= last; k++) {
      energy += 2 * (re[k] * re[k] + im[k] * im[k]);
    }
    return energy;
  }

  /** In-place iterative radix-2 complex FFT; the length must be a power of two. */
  static void fft(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int length = 2; length <= n; length <<= 1) {
      double angle = -2 * Math.PI / length;
      for (int start = 0; start < n; start += length) {
        for (int k = 0; k < length / 2; k++) {
          double wr = Math.cos(angle * k);
          double wi = Math.sin(angle * k);
          int a = start + k;
          int b = a + length / 2;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }

  static float[] tone(double hz, int sampleRate, double seconds, double amplitude) {
    float[] x = new float[(int) Math.round(seconds * sampleRate)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
    }
    return x;
  }

  /** RMS of {@code x[from, to)}. */
  static double rms(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i] * (double) x[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /**
   * Amplitude of the {@code hz} component of {@code x[from, to)}, by correlation with sine and
   * cosine.
   */
  static double amplitudeAt(float[] x, int from, int to, double hz, int sampleRate) {
    double s = 0;
    double c = 0;
    for (int i = from; i < to; i++) {
      double phase = 2 * Math.PI * hz * i / sampleRate;
      s += x[i] * Math.sin(phase);
      c += x[i] * Math.cos(phase);
    }
    return 2 * Math.hypot(s, c) / (to - from);
  }
}

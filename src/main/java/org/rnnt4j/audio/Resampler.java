package org.rnnt4j.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rnnt4j.util.Checks;

/**
 * Band-limited sample-rate conversion between any two integer rates (48 kHz, 44.1 kHz, 22.05 kHz or
 * 8 kHz to 16 kHz, and up), by polyphase filtering with a Kaiser-windowed sinc, the method of
 * Smith's "Digital Audio Resampling" that torchaudio's {@code resample(...,
 * resampling_method="sinc_interp_kaiser")} also uses, in pure Java.
 *
 * <p>The rate ratio is reduced to L/M; output sample k is the filtered input at position {@code k M
 * / L}, with the filter centred there (zero delay), and the input is taken as zero outside its
 * ends. The output has {@code round(n L / M)} samples, like FFmpeg with soxr. The low-pass is flat
 * below {@code passband} times the lower of the two Nyquist frequencies and attenuates everything
 * above that Nyquist frequency by {@code attenuationDb}, so nothing aliases or images. The default
 * passband end, 0.913, is soxr's, which keeps the two agreeing closely even where speech has energy
 * right up to the band edge (8 kHz telephone audio upsampled to 16 kHz); with 100 dB the response
 * is flat to 1e-5 up to 7.3 kHz of a 16 kHz output.
 *
 * <p>Instances are immutable and thread-safe; {@link #resample(AudioClip, int)} caches one per rate
 * pair.
 */
public final class Resampler {
  /** End of the flat band as a fraction of the lower Nyquist frequency (soxr's default). */
  public static final double DEFAULT_PASSBAND = 0.913;

  /** Stopband attenuation in dB. */
  public static final double DEFAULT_ATTENUATION_DB = 100;

  private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

  /** Outputs computed together per phase: small enough that the block stays in the L1 cache. */
  private static final int BLOCK = 1024;

  private final int inputRate;
  private final int outputRate;
  private final int up;
  private final int down;
  private final PolyphaseTable table;

  /** A resampler with the default quality. */
  public Resampler(int inputRate, int outputRate) {
    this(inputRate, outputRate, DEFAULT_PASSBAND, DEFAULT_ATTENUATION_DB);
  }

  /**
   * @param passband end of the flat band as a fraction of the lower Nyquist frequency, in (0, 1)
   * @param attenuationDb stopband attenuation from the lower Nyquist frequency up, at least 21 dB
   */
  public Resampler(int inputRate, int outputRate, double passband, double attenuationDb) {
    Checks.argument(
        inputRate > 0 && outputRate > 0,
        "sample rates must be positive, got %s -> %s",
        inputRate,
        outputRate);
    Checks.argument(passband > 0 && passband < 1, "passband must be in (0, 1), got %s", passband);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    int gcd = gcd(inputRate, outputRate);
    this.up = outputRate / gcd;
    this.down = inputRate / gcd;
    double nyquist = Math.min(inputRate, outputRate) / 2.0 / inputRate; // cycles per input sample
    this.table =
        PolyphaseTable.build(
            KaiserSincFilter.design(passband * nyquist, nyquist, attenuationDb), up);
  }

  /**
   * Resamples a clip with the default quality, reusing one cached resampler per rate pair; returns
   * the clip itself when it is already at {@code targetRate}.
   */
  public static AudioClip resample(AudioClip clip, int targetRate) {
    Checks.notNull(clip, "clip");
    Checks.argument(targetRate > 0, "target rate must be positive, got %s", targetRate);
    if (clip.sampleRate() == targetRate) {
      return clip;
    }
    long key = ((long) clip.sampleRate() << 32) | targetRate;
    Resampler resampler =
        CACHE.computeIfAbsent(key, k -> new Resampler(clip.sampleRate(), targetRate));
    return new AudioClip(resampler.process(clip.samples()), targetRate, clip.source());
  }

  public int inputRate() {
    return inputRate;
  }

  public int outputRate() {
    return outputRate;
  }

  /** Taps per output sample: the cost of one output sample in multiply-adds. */
  public int taps() {
    return table.taps();
  }

  /** {@code inputLength * outputRate / inputRate}, rounded to the nearest integer (halves up). */
  public int outputLength(int inputLength) {
    Checks.argument(inputLength >= 0, "input length must be >= 0, got %s", inputLength);
    long length = (2L * inputLength * up + down) / (2L * down);
    Checks.argument(
        length <= Integer.MAX_VALUE - 8,
        "%s samples at %s Hz give too many at %s Hz",
        inputLength,
        inputRate,
        outputRate);
    return (int) length;
  }

  /** Resamples a whole signal; the input is not modified. */
  public float[] process(float[] input) {
    Checks.notNull(input, "input");
    int outputLength = outputLength(input.length);
    float[] output = new float[outputLength];
    if (outputLength == 0) {
      return output;
    }
    // Zero padding on both sides lets every output use one contiguous window without bounds checks:
    // output k reads padded[floor(k M / L) + j] for tap j.
    float[] padded = new float[input.length + table.taps() + 1];
    System.arraycopy(input, 0, padded, table.lead(), input.length);
    if (table.exact()) {
      processByPhase(padded, output);
    } else {
      processInterpolated(padded, output);
    }
    return output;
  }

  /**
   * The outputs k = k0 + tL (t = 0, 1, ...) share one phase, hence one row of taps, and their
   * windows start M input samples apart. Splitting the input into its M decimated streams {@code
   * streams[s][u] = padded[u M + s]} turns each tap into one contiguous multiply-add over a block
   * of those outputs, a loop the JIT compiles to SIMD instructions; a dot product per output would
   * be limited by its scalar additions.
   */
  private void processByPhase(float[] padded, float[] output) {
    int taps = table.taps();
    float[] c = table.coefficients();
    int streamLength = (padded.length + down - 1) / down + 1;
    float[][] streams = new float[down][streamLength];
    for (int i = 0; i < padded.length; i++) {
      streams[i % down][i / down] = padded[i];
    }
    float[] block = new float[BLOCK];
    for (int k0 = 0; k0 < up && k0 < output.length; k0++) {
      long numerator = (long) k0 * down;
      int phase = (int) (numerator % up);
      int position = (int) (numerator / up);
      int count =
          (output.length - k0 + up - 1) / up; // outputs k0, k0 + up, ... below output.length
      for (int first = 0; first < count; first += BLOCK) {
        int n = Math.min(BLOCK, count - first);
        java.util.Arrays.fill(block, 0, n, 0f);
        for (int j = 0; j < taps; j++) {
          float coefficient = c[phase * taps + j];
          float[] stream = streams[(position + j) % down];
          int offset = (position + j) / down + first;
          for (int t = 0; t < n; t++) {
            block[t] += coefficient * stream[offset + t];
          }
        }
        for (int t = 0, k = k0 + first * up; t < n; t++, k += up) {
          output[k] = block[t];
        }
      }
    }
  }

  /** One dot product per output, interpolating between table rows (only when L is large). */
  private void processInterpolated(float[] padded, float[] output) {
    int taps = table.taps();
    float[] c = table.coefficients();
    int position = 0; // floor(k * down / up)
    int phase = 0; // (k * down) mod up
    for (int k = 0; k < output.length; k++) {
      output[k] = interpolatedDot(c, phase, padded, position, taps);
      phase += down;
      if (phase >= up) {
        position += phase / up;
        phase %= up;
      }
    }
  }

  /** Linear interpolation between the two table rows around phase / up (only when up is large). */
  private float interpolatedDot(float[] c, int phase, float[] x, int start, int taps) {
    double where = (double) phase * PolyphaseTable.INTERPOLATED_PHASES / up;
    int row = (int) where;
    float weight = (float) (where - row);
    float lower = dot(c, row * taps, x, start, taps);
    float upper = dot(c, (row + 1) * taps, x, start, taps);
    return lower + weight * (upper - lower);
  }

  /** Four independent accumulators let the CPU overlap the multiply-adds of one output sample. */
  private static float dot(float[] c, int offset, float[] x, int start, int taps) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    for (int j = 0; j < taps; j += 4) {
      s0 += c[offset + j] * x[start + j];
      s1 += c[offset + j + 1] * x[start + j + 1];
      s2 += c[offset + j + 2] * x[start + j + 2];
      s3 += c[offset + j + 3] * x[start + j + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  @Override
  public String toString() {
    return "Resampler["
        + inputRate
        + " Hz -> "
        + outputRate
        + " Hz, "
        + up
        + "/"
        + down
        + ", "
        + table.taps()
        + " taps]";
  }
}

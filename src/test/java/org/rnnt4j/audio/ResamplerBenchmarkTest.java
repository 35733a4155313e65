package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Resampling speed on one thread, as a multiple of real time (seconds of audio per second of work):
 * the resampler runs on every training utterance, so 48 kHz to 16 kHz must be well over 200x. Run
 * with {@code mvn -Pbenchmark test -Dtest=ResamplerBenchmarkTest}; kept out of the default suite
 * because timings on a shared machine are noisy.
 */
@Tag("benchmark")
class ResamplerBenchmarkTest {
  @Test
  void resamplesFasterThan200xRealTime() {
    int[][] pairs = {{48000, 16000}, {44100, 16000}, {22050, 16000}, {8000, 16000}};
    for (int[] pair : pairs) {
      Resampler resampler = new Resampler(pair[0], pair[1]);
      float[] input = new float[pair[0] * 10];
      Random random = new Random(1);
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) (0.1 * random.nextGaussian());
      }
      for (int i = 0; i < 5; i++) {
        resampler.process(input);
      }
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        resampler.process(input);
        best = Math.min(best, System.nanoTime() - start);
      }
      double realTime = 10 / (best / 1e9);
      System.out.printf(
          "%s: %.0fx real time (%.1f ms per 10 s)%n", resampler, realTime, best / 1e6);
      assertTrue(realTime > 200, resampler + " runs at only " + realTime + "x real time");
    }
  }
}

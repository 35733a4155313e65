package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timing of forward + backward at the benchmark shape B=8, T=250, U=60, V=1025 (logits ~500 MB) on
 * two threads, the shape torchaudio's CPU {@code rnnt_loss} takes 11.7 s on. Prints, never asserts
 * a time. Run with {@code mvn -o test -Pbenchmark -Dtest=RnntLossBenchmarkTest}; needs ~1.1 GB of
 * direct memory.
 */
@Tag("benchmark")
class RnntLossBenchmarkTest {
  @Test
  void forwardBackwardAtBenchmarkShape() {
    int B = 8;
    int T = 250;
    int U = 60;
    int V = 1025;
    int threads = Integer.getInteger("rnnt4j.bench.threads", 2);
    int count = B * T * (U + 1) * V;
    FloatBuffer logits = direct(count);
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < count; i++) {
      logits.put(i, (float) random.nextDouble(-3, 3));
    }
    int[] targets = new int[B * U];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = random.nextInt(V - 1);
    }
    int[] frames = new int[B];
    int[] lengths = new int[B];
    java.util.Arrays.fill(frames, T);
    java.util.Arrays.fill(lengths, U);
    RnntInputs in = new RnntInputs(logits, B, T, U, V, targets, frames, lengths);
    FloatBuffer gradient = direct(count);

    try (RnntLoss loss = new RnntLoss(RnntLossOptions.defaults().withThreads(threads))) {
      double best = Double.MAX_VALUE;
      double bestCpu = Double.MAX_VALUE;
      double forwardBest = Double.MAX_VALUE;
      for (int run = 0; run < 5; run++) {
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        LossResult result = loss.lossAndGradient(in, Reduction.MEAN_BATCH, gradient);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        start = System.nanoTime();
        double[] forward = loss.losses(in);
        double forwardSeconds = (System.nanoTime() - start) / 1e9;
        assertTrue(Double.isFinite(result.value()) && forward[0] == result.perUtterance()[0]);
        System.out.printf(
            "run %d: forward+backward %.3f s wall (%.3f s CPU, all threads), forward only %.3f s"
                + " (loss %.3f)%n",
            run, seconds, cpuSeconds, forwardSeconds, result.value());
        if (run > 0) { // the first run includes JIT compilation
          best = Math.min(best, seconds);
          bestCpu = Math.min(bestCpu, cpuSeconds);
          forwardBest = Math.min(forwardBest, forwardSeconds);
        }
      }
      System.out.printf(
          "RNN-T loss B=%d T=%d U=%d V=%d, %d threads: forward+backward %.3f s wall, %.3f s CPU; "
              + "forward %.3f s wall (best of 4; load average %.1f)%n",
          B,
          T,
          U,
          V,
          threads,
          best,
          bestCpu,
          forwardBest,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** CPU time of this JVM: on a shared machine it says more than wall time. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static FloatBuffer direct(int floats) {
    return ByteBuffer.allocateDirect(4 * floats).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}

package org.rnnt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnt4j.testing.ChildJvm;

/**
 * The benchmark's memory figures are consistent: for every variant on a tiny shape, measured as {@code
 * rnnt4j bench loss} measures it (a child JVM of its own, {@code MALLOC_MMAP_THRESHOLD_=131072}), the
 * peak after restarting the high-water mark is at least the baseline read after it, and both are read.
 *
 * <p>Benchmark profile only ({@code mvn -Pbenchmark test}): the kernel's high-water mark is not updated
 * when memory is returned with {@code madvise}, so any thread of the process that releases memory
 * between the restart and the baseline (a garbage collector, another test's worker pool) can put the
 * baseline above the peak. Inside the test JVM the outcome depended on what ran before; even in a child
 * of its own it is a property of the measurement, not of the code under test.
 */
@Tag("benchmark")
class LossBenchmarkMemoryTest {
  @Test
  void peakIsAtLeastTheBaselineForEveryVariant() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "reads VmRSS/VmHWM from /proc/self/status (Linux only)");
    ChildJvm.Result child =
        ChildJvm.run(
            LossBenchmarkMemoryTest.class,
            List.of("-Xmx1g"),
            Map.of("MALLOC_MMAP_THRESHOLD_", "131072", "RNNT4J_THREADS", "2"),
            Duration.ofMinutes(5));
    assertEquals(0, child.exitCode(), child.output());
    List<String> results = child.output().lines().filter(l -> l.startsWith("memory ")).toList();
    assertEquals(LossBenchmark.standardVariants().size(), results.size(), child.output());
    for (String line : results) {
      String[] f = line.split(" "); // memory NAME BASELINE PEAK RESET
      long baseline = Long.parseLong(f[2]);
      long peak = Long.parseLong(f[3]);
      boolean reset = Boolean.parseBoolean(f[4]);
      assertTrue(baseline > 0 && peak > 0, line);
      assertTrue(!reset || peak >= baseline, f[1] + ": peak " + peak + " < baseline " + baseline);
    }
  }

  /** Child JVM: measures every standard variant on the tiny shape, one {@code memory ...} line each. */
  public static void main(String[] ignored) {
    try {
      for (String name : LossBenchmark.standardVariants()) {
        VariantMeasurement m = LossBenchmark.measure(BenchmarkVariant.parse(name), LossBenchmarkTest.TINY, 2, 2);
        System.out.println("memory " + name + " " + m.baselineRssBytes() + " " + m.peakRssBytes() + " " + m.peakReset());
      }
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}

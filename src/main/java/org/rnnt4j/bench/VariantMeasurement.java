package org.rnnt4j.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one child process measured for one variant.
 *
 * @param firstRunSeconds the warm-up run (JIT compilation, first-touch page faults), not in the
 *     median
 * @param seconds wall time of each measured run
 * @param baselineRssBytes resident memory just before the measured runs (inputs allocated, one run
 *     done)
 * @param peakRssBytes VmHWM over the measured runs ({@code peakReset}) or over the whole process
 * @param peakReset whether the high-water mark could be restarted after the warm-up
 * @param loss the loss value of the last run
 * @param details variant-specific facts
 */
record VariantMeasurement(
    double firstRunSeconds,
    double[] seconds,
    long baselineRssBytes,
    long peakRssBytes,
    boolean peakReset,
    double loss,
    Map<String, Object> details) {

  double median() {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The stable JSON form (a map in a fixed key order). */
  Map<String, Object> toJson(BenchmarkVariant variant) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", variant.name());
    out.put("scope", variant.scope());
    out.put("strategy", variant.strategy());
    out.put("parameter", variant.parameter() == 0 ? null : variant.parameter());
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("median", round(median()));
    time.put("min", round(Arrays.stream(seconds).min().orElse(Double.NaN)));
    time.put("max", round(Arrays.stream(seconds).max().orElse(Double.NaN)));
    time.put("runs", Arrays.stream(seconds).map(VariantMeasurement::round).boxed().toList());
    time.put("first_run", round(firstRunSeconds));
    out.put("seconds", time);
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("baseline_rss", mebibytes(baselineRssBytes));
    memory.put("peak_rss", mebibytes(peakRssBytes));
    memory.put("peak_increase", mebibytes(peakRssBytes - baselineRssBytes));
    memory.put("peak_reset_after_warmup", peakReset);
    out.put("memory_mib", memory);
    out.put("loss", loss);
    out.put("details", details);
    return out;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  private static double mebibytes(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }
}

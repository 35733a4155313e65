package org.rnnt4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Logger;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.Json;

/**
 * {@code rnnt4j bench loss}: wall time and peak memory of the transducer loss strategies at the
 * standard shape (B = 8, T = 250, U = 60, V = 1025, float32), each variant in a fresh child JVM so
 * that one variant's memory cannot hide in another's.
 *
 * <p>Method, per variant (child process): allocate the inputs, run once (warm-up: JIT, first-touch
 * page faults), restart the kernel's resident-memory high-water mark ({@code VmHWM}, via {@code
 * /proc/self/clear_refs}), read {@code VmRSS} as the baseline, then time {@code repeats} runs; the
 * report gives their median and {@code VmHWM - baseline} as the peak memory the operation itself
 * needs. Children run with {@code MALLOC_MMAP_THRESHOLD_=131072}, so that glibc returns freed blocks
 * of 128 KiB and more to the kernel at once instead of keeping a dynamic amount (up to 32 MiB each)
 * in its arenas, where they would blur the baseline.
 */
public final class LossBenchmark {
  private static final Logger LOG = Logger.getLogger(LossBenchmark.class.getName());

  /** The prefix of the one line of stdout by which a child reports. */
  static final String RESULT_PREFIX = "RNNT4J_BENCH_RESULT ";

  private LossBenchmark() {}

  /** The variants of the standard report, in its order. */
  public static List<String> standardVariants() {
    return BenchmarkVariant.standardSet().stream().map(BenchmarkVariant::name).toList();
  }

  /**
   * Measures one variant in this process and prints its result line (the child's job).
   *
   * @param variantName e.g. {@code step/pruned_s4}
   */
  public static void runChild(String variantName, BenchmarkShape shape, int threads, int repeats) {
    BenchmarkVariant variant = BenchmarkVariant.parse(variantName);
    VariantMeasurement m = measure(variant, shape, threads, repeats);
    System.out.println(RESULT_PREFIX + Json.compact(m.toJson(variant)));
    System.out.flush();
  }

  static VariantMeasurement measure(
      BenchmarkVariant variant, BenchmarkShape shape, int threads, int repeats) {
    Checks.argument(repeats >= 1, "--repeats must be >= 1, got %s", repeats);
    Engine.setThreads(threads);
    Engine.seed(42);
    Random random = new Random(42);
    try (Workload workload =
        variant.scope().equals("loss")
            ? new LossOnlyWorkload(variant, shape, threads, random)
            : new StepWorkload(variant, shape, random)) {
      long start = System.nanoTime();
      workload.run();
      double first = (System.nanoTime() - start) / 1e9;
      // No System.gc() here: a full collection leaves tens of MiB of transient collector memory
      // resident, which the baseline would count and the runs then release.
      boolean reset = ProcessMemory.resetPeak();
      long baseline = ProcessMemory.residentBytes();
      double[] seconds = new double[repeats];
      double loss = Double.NaN;
      for (int r = 0; r < repeats; r++) {
        start = System.nanoTime();
        loss = workload.run();
        seconds[r] = (System.nanoTime() - start) / 1e9;
      }
      long peak = ProcessMemory.peakResidentBytes();
      return new VariantMeasurement(
          first, seconds, baseline, peak, reset, loss, new LinkedHashMap<>(workload.details()));
    }
  }

  /**
   * Runs every variant in a child process and assembles the report.
   *
   * @param childCommand the command that starts this program's CLI in a child JVM, to which {@code
   *     bench loss --child NAME --threads N --repeats R} is appended
   * @param variantNames the variants, in report order
   * @param shape {@link BenchmarkShape#standard()} for the report's figures
   */
  public static Map<String, Object> run(
      List<String> childCommand, List<String> variantNames, BenchmarkShape shape, int threads, int repeats) {
    List<BenchmarkVariant> variants = variantNames.stream().map(BenchmarkVariant::parse).toList();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "rnnt4j bench loss");
    report.put("schema_version", 1);
    report.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Map<String, Object> shapeJson = new LinkedHashMap<>();
    shapeJson.put("B", shape.batch());
    shapeJson.put("T", shape.frames());
    shapeJson.put("U", shape.labels());
    shapeJson.put("V", shape.classes());
    shapeJson.put("dtype", "float32");
    shapeJson.put(
        "joint",
        String.format(
            "enc %d->%d, pred %d->%d, ReLU, %d->%d", shape.encoderHidden(), shape.jointHidden(),
            shape.predHidden(), shape.jointHidden(), shape.jointHidden(), shape.classes()));
    shapeJson.put("reduction", "mean_batch");
    report.put("shape", shapeJson);
    report.put("threads", threads);
    report.put("repeats", repeats);
    report.put("machine", MachineFacts.describe(true));
    report.put(
        "method",
        "one child JVM per variant; inputs allocated, one warm-up run, VmHWM restarted"
            + " (/proc/self/clear_refs), baseline = VmRSS, then `repeats` timed runs: seconds.median"
            + " = their median wall time, memory_mib.peak_increase = VmHWM - baseline;"
            + " MALLOC_MMAP_THRESHOLD_=131072 in children");
    List<Object> results = new ArrayList<>();
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (BenchmarkVariant v : variants) {
      JsonNode result = runOneChild(childCommand, v, shape, threads, repeats);
      LOG.info(v.name() + ": " + Json.compact(result.get("seconds")) + " s, " + Json.compact(result.get("memory_mib")) + " MiB");
      results.add(result);
      byName.put(v.name(), result);
    }
    report.put("machine_after", MachineFacts.describe(false));
    report.put("variants", results);
    report.put("summary", summary(byName));
    report.putAll(peerKeys(byName));
    return report;
  }

  private static JsonNode runOneChild(
      List<String> childCommand, BenchmarkVariant variant, BenchmarkShape shape, int threads, int repeats) {
    List<String> command = new ArrayList<>(childCommand);
    command.addAll(
        List.of(
            "bench", "loss", "--child", variant.name(), "--shape", shape.bituv(), "--threads",
            Integer.toString(threads), "--repeats", Integer.toString(repeats)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("MALLOC_MMAP_THRESHOLD_", "131072");
    builder.environment().put("RNNT4J_THREADS", Integer.toString(threads));
    try {
      Process child = builder.start();
      String result = null;
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith(RESULT_PREFIX)) {
            result = line.substring(RESULT_PREFIX.length());
          }
        }
      }
      int code = child.waitFor();
      if (code != 0 || result == null) {
        throw new IllegalStateException(
            "benchmark child for " + variant.name() + " failed (exit " + code + "): " + command);
      }
      return Json.parse(result);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the benchmark child " + command + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while benchmarking " + variant.name(), e);
    }
  }

  /**
   * The figures under the PyTorch peer's key names ({@code ../shared/peer/bench_torch.py loss}):
   * the exact loss's forward + backward (the peer's is torchaudio's, {@code
   * torchaudio_rnnt_loss_fwd_bwd_median_ms}), the joint + exact loss step, and the largest resident
   * peak of any child, in MiB as the peer's {@code ru_maxrss / 1024}.
   */
  private static Map<String, Object> peerKeys(Map<String, JsonNode> byName) {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonNode exact = byName.get("loss/exact");
    if (exact != null) {
      out.put("rnnt_loss_fwd_bwd_median_ms", Stats.round(exact.get("seconds").get("median").doubleValue() * 1000, 1));
    }
    JsonNode step = byName.get("step/exact");
    if (step != null) {
      out.put("joint_plus_loss_fwd_bwd_median_ms", Stats.round(step.get("seconds").get("median").doubleValue() * 1000, 1));
    }
    double peak = byName.values().stream().mapToDouble(n -> n.get("memory_mib").get("peak_rss").doubleValue()).max().orElse(Double.NaN);
    out.put("peak_rss_mb", Stats.round(peak, 1));
    return out;
  }

  /**
   * The headline figures beside the limits and goals the strategies must meet (exact loss time;
   * pruned step memory as a fraction of the exact step's), where the variants they need were run.
   */
  private static Map<String, Object> summary(Map<String, JsonNode> byName) {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonNode exact = byName.get("loss/exact");
    if (exact != null) {
      double seconds = exact.get("seconds").get("median").doubleValue();
      out.put("exact_loss_seconds", seconds);
      out.put("exact_loss_limit_seconds", 2.3);
      out.put("exact_loss_goal_seconds", 1.2);
      out.put("exact_loss_speedup_vs_torchaudio_11_7s", Math.round(11.7 / seconds * 10) / 10.0);
    }
    JsonNode step = byName.get("step/exact");
    if (step != null) {
      double exactPeak = step.get("memory_mib").get("peak_increase").doubleValue();
      Map<String, Object> fractions = new LinkedHashMap<>();
      byName.forEach(
          (name, node) -> {
            if (name.startsWith("step/") && !name.equals("step/exact")) {
              double peak = node.get("memory_mib").get("peak_increase").doubleValue();
              fractions.put(name, Math.round(peak / exactPeak * 1000) / 1000.0);
            }
          });
      out.put("step_peak_increase_fraction_of_exact", fractions);
      out.put("pruned_step_peak_limit_fraction", 0.25);
    }
    return out;
  }
}

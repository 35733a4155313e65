package org.rnnt4j.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;

/**
 * {@code rnnt4j bench peak}: the float32 and bfloat16 matrix-product peaks through the engine, as the
 * PyTorch peer's {@code bench_torch.py matmul} (n = 2048, median of 10 float32 and 3 bfloat16 products;
 * {@link MatmulPeak}), with the CPU's bfloat16 flags: where {@code bfloat16.gflops} clearly exceeds
 * {@code float32.gflops}, {@code --bf16} can pay off; without native bfloat16 ({@code avx512_bf16} or
 * {@code amx_bf16}) it is emulated and slower.
 */
public final class PeakBenchmark {
  private PeakBenchmark() {}

  /**
   * @param size n (the peer's 2048)
   * @param threads libtorch's intra-op threads, 0 for the engine's default
   */
  public static Map<String, Object> run(int size, int threads, Device device) {
    Engine.init();
    if (threads > 0) {
      Engine.setThreads(threads);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "rnnt4j bench peak");
    report.put("schema_version", 1);
    report.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    report.put("machine", MachineFacts.describe(true));
    report.put("cpu_features", MachineFacts.cpuFeatures());
    report.put("device", device.toString());
    report.put("native_settings", MachineFacts.nativeSettings());
    Map<String, Object> fp32 = MatmulPeak.measure(DType.FLOAT32, size, MatmulPeak.peerRepetitions(DType.FLOAT32), device);
    Map<String, Object> bf16 = MatmulPeak.measure(DType.BFLOAT16, size, MatmulPeak.peerRepetitions(DType.BFLOAT16), device);
    report.put("float32", fp32);
    report.put("bfloat16", bf16);
    if (fp32.get("gflops") instanceof Double f && bf16.get("gflops") instanceof Double b && f > 0) {
      report.put("bf16_speedup", Stats.round(b / f, 2));
    }
    report.put("peak_rss_mb", Stats.round(ProcessMemory.peakResidentBytes() / (1024.0 * 1024.0), 1));
    report.put("machine_after", MachineFacts.describe(false));
    return report;
  }
}

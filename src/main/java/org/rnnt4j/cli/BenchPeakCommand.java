package org.rnnt4j.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnt4j.bench.PeakBenchmark;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rnnt4j bench peak}: float32 and bfloat16 matrix-product peaks (see {@link PeakBenchmark}). */
@Command(
    name = "peak",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Float32 and bfloat16 matmul GFLOP/s through libtorch (n x n by n x n, the PyTorch peer's n = 2048),"
            + " and whether the CPU has native bfloat16 (avx512_bf16, amx_bf16).")
public final class BenchPeakCommand implements Callable<Integer> {
  @Option(names = "--size", defaultValue = "2048", description = "n (default: ${DEFAULT-VALUE}, the peer's).")
  int size;

  @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads, 0 for the engine's default (default: ${DEFAULT-VALUE}).")
  int threads;

  @Mixin DeviceOption deviceOption;

  @Option(names = "--output", description = "Also write the JSON report to this file.")
  Path output;

  @Override
  public Integer call() {
    if (size < 1 || threads < 0) {
      throw new IllegalArgumentException("--size must be >= 1 and --threads >= 0, got " + size + " and " + threads);
    }
    Map<String, Object> report = PeakBenchmark.run(size, threads, Engine.resolve(deviceOption.device));
    System.out.println(Json.pretty(report));
    if (output != null) {
      Json.write(output, report);
    }
    return 0;
  }
}

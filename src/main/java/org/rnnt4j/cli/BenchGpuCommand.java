package org.rnnt4j.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.train.GpuCheck;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnnt4j bench gpu}: {@link GpuCheck} on one device (scripts/gpu_check.sh runs it on CUDA with a
 * Conformer-small-sized shape); prints the JSON report and writes it with {@code --output}. Exit code 1
 * when a check failed or disagreed with the CPU.
 */
@Command(
    name = "gpu",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Device loss vs the CPU kernel, greedy_batch on the device vs the CPU, and training updates in fp32,"
            + " bf16 and fp16 (median step time, peak memory, host-device copies per update).")
public final class BenchGpuCommand implements Callable<Integer> {
  @Mixin DeviceOption device = new DeviceOption();

  @Option(names = "--config_path", defaultValue = "conf/conformer_transducer_bpe_small.yaml", description = "Model conf (default: ${DEFAULT-VALUE}).")
  Path conf;

  @Option(names = "--vocab_size", defaultValue = "1024", description = "Pieces (default: ${DEFAULT-VALUE}).")
  int vocab;

  @Option(names = "--batch_size", defaultValue = "16", description = "Utterances per update (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--seconds", defaultValue = "10", description = "Longest utterance, seconds of 16 kHz noise (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--labels", defaultValue = "60", description = "Labels per utterance (default: ${DEFAULT-VALUE}).")
  int labels;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed updates per precision (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--steps", defaultValue = "10", description = "Timed updates per precision (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--loss_shape", defaultValue = "8,250,60,1025", split = ",", description = "B,T,U,V of the device-loss check (default: ${DEFAULT-VALUE}).")
  int[] lossShape;

  @Option(names = "--seed", defaultValue = "42", description = "(default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--output", description = "Also write the JSON report to this file (scripts/gpu_check.sh: benchmarks/gpu.json).")
  Path output;

  @Override
  public Integer call() {
    Device d = Engine.resolve(device.device);
    Map<String, Object> report =
        GpuCheck.run(
            new GpuCheck.Options(conf, vocab, batch, (int) Math.round(seconds * 16000), labels, warmup, steps, seed, d, lossShape));
    System.out.println(Json.pretty(report));
    if (output != null) {
      Json.write(output, report);
    }
    return GpuCheck.passed(report) ? 0 : 1;
  }
}

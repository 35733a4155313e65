package org.rnnt4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnt4j.bench.TrainBenchmark;
import org.rnnt4j.bench.TrainBenchmarkOptions;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.model.LossKind;
import org.rnnt4j.model.ObjectiveOptions;
import org.rnnt4j.model.PruningOptions;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnnt4j bench train}: median wall time of full training steps of a conf's model on the PyTorch
 * peer's batch, in this process (see {@link TrainBenchmark}); prints the JSON report and writes it with
 * {@code --output}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Training-step time of a conf's model on the PyTorch peer's batch (8 utterances of 10.0 s .. 9.3 s,"
            + " 60 .. 53 labels out of 1024 + blank): median ms per step, audio seconds per second, peak RSS,"
            + " achieved GFLOP/s; --profile adds the time per stage.")
public final class BenchTrainCommand implements Callable<Integer> {
  @Option(names = {"--config", "--config_path"}, required = true, description = "The NeMo model conf, e.g. conf/contextnet_rnnt_tiny.yaml.")
  Path config;

  @Option(names = "--loss", defaultValue = "exact", converter = Converters.Loss.class, description = "exact or pruned (default: ${DEFAULT-VALUE}).")
  LossKind loss;

  @Option(names = "--fused_batch_size", defaultValue = "8", description = "Exact loss: utterances per fused sub-batch, 0 for the whole batch at once (default: ${DEFAULT-VALUE}, the recipe's).")
  int fusedBatchSize;

  @Option(names = "--prune_range", defaultValue = "5", description = "Pruned loss: label positions per frame (default: ${DEFAULT-VALUE}).")
  int pruneRange;

  @Option(names = "--bf16", description = "Run the encoder, prediction network and joint under bfloat16 autocast (pays off only where `bench peak` shows native bfloat16).")
  boolean bf16;

  @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads, 0 for the engine's default (RNNT4J_THREADS or the cores) (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--busy_threads", defaultValue = "0", description = "Threads kept spinning beside the timed steps, to show the step sharing its cores (default: ${DEFAULT-VALUE}).")
  int busyThreads;

  @Option(names = "--profile", description = "Also time each stage (data, features, SpecAugment, encoder, prediction network, joint + loss, backward, clipping, optimizer).")
  boolean profile;

  @Option(names = "--batch", defaultValue = "8", description = "Utterances (default: ${DEFAULT-VALUE}, the peer's).")
  int batch;

  @Option(names = "--audio_seconds", defaultValue = "10.0", description = "Longest utterance; each next is 0.1 s shorter (default: ${DEFAULT-VALUE}).")
  double audioSeconds;

  @Option(names = "--labels", defaultValue = "60", description = "Labels of the longest utterance; each next has one fewer (default: ${DEFAULT-VALUE}).")
  int labels;

  @Option(names = "--vocab", defaultValue = "1024", description = "Vocabulary without the blank (default: ${DEFAULT-VALUE}).")
  int vocab;

  @Option(names = "--max_grad_norm", defaultValue = "1.0", description = "Gradient clipping threshold, 0 for none (default: ${DEFAULT-VALUE}).")
  double maxGradNorm;

  @Option(names = "--matmul_size", defaultValue = "2048", description = "n of the float32 matmul peak measured first, 0 to skip (default: ${DEFAULT-VALUE}).")
  int matmulSize;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the model, the batch and SpecAugment (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin DeviceOption deviceOption;

  @Option(names = "--output", description = "Also write the JSON report to this file.")
  Path output;

  @Override
  public Integer call() {
    Path conf = ConfLocator.locate(config);
    if (!Files.isRegularFile(conf)) {
      throw new IllegalArgumentException("--config " + config + " does not exist (looked in " + ConfLocator.candidates(config) + ")");
    }
    if (loss == LossKind.EXACT && fusedBatchSize < 0) {
      throw new IllegalArgumentException("--fused_batch_size must be >= 0, got " + fusedBatchSize);
    }
    PruningOptions defaults = PruningOptions.defaults();
    ObjectiveOptions objective =
        new ObjectiveOptions(
            loss, loss == LossKind.EXACT ? fusedBatchSize : 0,
            new PruningOptions(pruneRange, defaults.simpleLossScale(), defaults.warmupSteps(), defaults.lmOnlyScale(), defaults.amOnlyScale()));
    TrainBenchmarkOptions options =
        new TrainBenchmarkOptions(
            config.toString(), TransducerConfigBinder.bind(ConfigNode.load(conf).modelSection()), objective, bf16,
            batch, audioSeconds, labels, vocab, steps, warmup, threads, busyThreads, profile, matmulSize,
            1e-4, 1e-3, maxGradNorm, seed, Engine.resolve(deviceOption.device));
    Map<String, Object> report = TrainBenchmark.run(options);
    System.out.println(Json.pretty(report));
    if (output != null) {
      Json.write(output, report);
    }
    return 0;
  }
}

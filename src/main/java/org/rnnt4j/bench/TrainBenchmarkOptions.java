package org.rnnt4j.bench;

import org.rnnt4j.engine.Device;
import org.rnnt4j.model.ObjectiveOptions;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.util.Checks;

/**
 * What {@code rnnt4j bench train} measures, bound once from its flags.
 *
 * @param modelName the conf as the report names it (the peer's {@code model} key)
 * @param config the bound model conf
 * @param objective loss kind, fused sub-batch, pruning
 * @param bf16 run the encoder, prediction network and joint under bfloat16 autocast
 * @param batch utterances (8 in the peer's batch)
 * @param audioSeconds the longest utterance's duration (10.0 s); each next one is 0.1 s shorter
 * @param labels the longest utterance's labels (60); each next one has one fewer
 * @param vocab label ids without the blank (1024)
 * @param steps timed steps (the median is reported)
 * @param warmup untimed steps first (the first also counts the FLOPs)
 * @param threads libtorch's intra-op threads, 0 for the engine's default
 * @param busyThreads threads kept spinning beside the timed steps ({@link BusyThreads})
 * @param profile time each stage, waiting for the device at every stage boundary
 * @param matmulSize n of the float32 matrix-product peak measured first (the peer's 2048); 0 for none
 * @param learningRate AdamW's (the peer's 1e-4)
 * @param weightDecay AdamW's (the peer's 1e-3)
 * @param maxGradNorm clipping threshold (HF's default 1.0); 0 computes the norm only
 * @param seed model, batch and SpecAugment seed
 * @param device where the model runs
 */
public record TrainBenchmarkOptions(
    String modelName,
    TransducerConfig config,
    ObjectiveOptions objective,
    boolean bf16,
    int batch,
    double audioSeconds,
    int labels,
    int vocab,
    int steps,
    int warmup,
    int threads,
    int busyThreads,
    boolean profile,
    int matmulSize,
    double learningRate,
    double weightDecay,
    double maxGradNorm,
    long seed,
    Device device) {

  public TrainBenchmarkOptions {
    Checks.notNull(config, "config");
    Checks.notNull(objective, "objective");
    Checks.notNull(device, "device");
    Checks.argument(steps >= 1, "--steps must be >= 1, got %s", steps);
    Checks.argument(warmup >= 1, "--warmup must be >= 1 (the first warm-up step counts the FLOPs), got %s", warmup);
    Checks.argument(threads >= 0, "--threads must be >= 0 (0: the engine's default), got %s", threads);
    Checks.argument(busyThreads >= 0, "--busy_threads must be >= 0, got %s", busyThreads);
    Checks.argument(matmulSize >= 0, "--matmul_size must be >= 0, got %s", matmulSize);
    Checks.argument(audioSeconds > 0, "--audio_seconds must be > 0, got %s", audioSeconds);
    Checks.argument(maxGradNorm >= 0, "--max_grad_norm must be >= 0, got %s", maxGradNorm);
    // the batch's own checks (lengths, labels) run when the shape is built
    shape(batch, audioSeconds, labels, vocab, config.preprocessor().sampleRate());
  }

  SyntheticBatch.Shape shape() {
    return shape(batch, audioSeconds, labels, vocab, config.preprocessor().sampleRate());
  }

  private static SyntheticBatch.Shape shape(int batch, double seconds, int labels, int vocab, int sampleRate) {
    return new SyntheticBatch.Shape(batch, (int) Math.round(seconds * sampleRate), labels, vocab, sampleRate);
  }
}

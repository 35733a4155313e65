package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.FusedBatchObjective;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.optim.Optimizer;
import org.rnnt4j.testing.ChildJvm;

/**
 * Peak memory of one training step of Conformer-small (conf/conformer_transducer_bpe_small.yaml, 1024
 * pieces) with and without {@code --gradient_checkpointing}, at a batch of 8 utterances of 160000 - 1600 i
 * samples (10 s down to 9.3 s of 16 kHz noise, seed 3) with 60 random labels each. The joint and loss run
 * one utterance at a time (the fused objective with {@code fused_batch_size 1}), so that the encoder's
 * activations are what the step keeps. Each mode runs in a child JVM of its own, measured as {@code rnnt4j
 * bench loss} measures ({@code MALLOC_MMAP_THRESHOLD_=131072}, one warm-up step, the kernel's high-water
 * mark restarted, then one step): the peak resident memory above the baseline must be lower with
 * checkpointing. Benchmark profile: figures in benchmarks/README.md.
 */
@Tag("benchmark")
class GradientCheckpointingMemoryBenchmarkTest {
  private static final int BATCH = 8;

  record Measurement(String mode, long baseline, long peak, double seconds) {
    long increase() {
      return peak - baseline;
    }
  }

  private static Measurement measure(String mode) {
    ChildJvm.Result child =
        ChildJvm.run(
            GradientCheckpointingMemoryBenchmarkTest.class,
            List.of("-Xmx1g", "-XX:+UseSerialGC", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.bytedeco.javacpp.maxBytes=0"),
            Map.of("MALLOC_MMAP_THRESHOLD_", "131072", "RNNT4J_THREADS", "2"),
            Duration.ofMinutes(30),
            mode);
    assertEquals(0, child.exitCode(), child.tail(40));
    String line = child.output().lines().filter(l -> l.startsWith("memory ")).findFirst().orElseThrow(
        () -> new AssertionError("no measurement:\n" + child.tail(40)));
    String[] f = line.split(" "); // memory MODE BASELINE PEAK SECONDS
    return new Measurement(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Double.parseDouble(f[4]));
  }

  @Test
  void checkpointingLowersThePeakOfAConformerSmallStep() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/clear_refs")), "restarts VmHWM through /proc/self/clear_refs (Linux)");
    Measurement plain = measure("plain");
    Measurement checkpointed = measure("checkpointed");
    for (Measurement m : List.of(plain, checkpointed)) {
      System.out.printf(
          "%s: step %.1f s, baseline %.0f MiB, peak %.0f MiB, peak increase %.0f MiB%n",
          m.mode(), m.seconds(), m.baseline() / 1048576.0, m.peak() / 1048576.0, m.increase() / 1048576.0);
    }
    assertTrue(
        checkpointed.increase() < plain.increase(),
        "checkpointing must lower the step's peak: " + checkpointed + " vs " + plain);
  }

  /** Child JVM: one warm-up step, then one measured step; prints {@code memory MODE BASELINE PEAK SECONDS}. */
  public static void main(String[] args) {
    try {
      run(args[0].equals("checkpointed"));
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void run(boolean checkpointed) throws Exception {
    Engine.seed(3);
    ConfigNode conf = ConfigNode.load(Path.of("conf/conformer_transducer_bpe_small.yaml")).modelSection();
    Transducer model = Transducers.build(TransducerConfigBinder.bind(conf), 1024, 3);
    Batch.Host batch = batch(new Random(3));
    Path out = Files.createTempDirectory("rnnt4j-checkpointing-benchmark");
    try (FusedBatchObjective objective =
            new FusedBatchObjective(model.joint(), new TransducerLoss(Reduction.MEAN_BATCH, 0, -1), 1);
        BatchLoader loader = new BatchLoader(0, 16000)) {
      Trainer trainer = new Trainer(TrainerFixtures.arguments(out), model, objective, null, Device.CPU, List.of(), loader);
      Optimizer optimizer = trainer.optimizer();
      model.train(true);
      model.encoder().gradientCheckpointing(checkpointed);
      trainer.trainStep(batch, optimizer, 1e-4); // warm-up: JIT, allocator, first-touch page faults
      System.gc();
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      long baseline = status("VmRSS:");
      long start = System.nanoTime();
      trainer.trainStep(batch, optimizer, 1e-4);
      double seconds = (System.nanoTime() - start) / 1e9;
      long peak = status("VmHWM:");
      System.out.println("memory " + (checkpointed ? "checkpointed" : "plain") + " " + baseline + " " + peak + " " + seconds);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** 8 utterances of 160000 - 1600 i samples of noise with 60 random labels each. */
  private static Batch.Host batch(Random random) {
    List<Example> examples = new ArrayList<>();
    List<float[]> waves = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      float[] w = new float[160000 - 1600 * i];
      for (int s = 0; s < w.length; s++) {
        w[s] = (float) (0.1 * random.nextGaussian());
      }
      int[] tokens = new int[60];
      for (int u = 0; u < tokens.length; u++) {
        tokens[u] = random.nextInt(1024);
      }
      Utterance u = new Utterance("u" + i, AudioRef.bytes(new byte[0], "synthetic"), "x", Double.NaN, SourceLocation.row("synthetic", i));
      examples.add(new Example(u, "x", tokens, w, w.length));
      waves.add(w);
    }
    return Batch.collate(examples, waves);
  }

  private static long status(String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no " + field + " in /proc/self/status");
  }
}

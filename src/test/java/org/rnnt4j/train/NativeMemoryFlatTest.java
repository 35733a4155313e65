package org.rnnt4j.train;

import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.Example;
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
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.ExactObjective;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.testing.ChildJvm;

/**
 * Native memory is released every step: resident memory stays flat (growth under 5%) over 200 training
 * steps of the real step function on the dummy ContextNet (random audio, seed 7).
 *
 * <p>The steps run in a child JVM with a small, pre-touched, fixed-size heap, so that its resident set
 * size moves only with native memory. Measured inside the test JVM, the figure also moved with the
 * suite's 4 GiB heap committing and releasing pages, and with whatever earlier test classes left
 * running, so the test failed or passed depending on what ran before it.
 */
@Tag("slow")
class NativeMemoryFlatTest {
  @Test
  void residentMemoryStaysFlatOver200Steps() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "reads resident memory from /proc/self/status (Linux only)");
    ChildJvm.Result child =
        ChildJvm.run(
            NativeMemoryFlatTest.class,
            List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC"),
            Map.of(),
            Duration.ofMinutes(15)); // about 1 min on two quiet cores; generous for a loaded machine
    assertEquals(0, child.exitCode(), child.output());
    String last = child.output().strip().lines().reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("resident "), "no measurement from the child:\n" + child.output());
    String[] bytes = last.substring("resident ".length()).split(" ");
    long baseline = Long.parseLong(bytes[0]);
    long end = Long.parseLong(bytes[1]);
    double growth = (double) (end - baseline) / baseline;
    System.out.printf("resident memory after 50 steps %.1f MiB, after 200 steps %.1f MiB (growth %.2f%%)%n",
        baseline / 1048576.0, end / 1048576.0, 100 * growth);
    assertTrue(growth < 0.05, "resident memory grew by " + 100 * growth + "% over 150 steps:\n" + child.tail(20));
  }

  /** Child JVM: 200 training steps; prints {@code resident BASELINE END} (bytes after steps 50 and 200). */
  public static void main(String[] ignored) {
    try {
      measure();
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0); // whatever worker threads the run left do not keep the child alive
  }

  private static void measure() throws Exception {
    Path outputDir = Files.createTempDirectory("rnnt4j-memory-test");
    Engine.seed(7);
    ConfigNode conf = ConfigNode.load(Path.of("conf/contextnet_rnnt_dummy.yaml")).modelSection();
    Transducer model = Transducers.build(TransducerConfigBinder.bind(conf), 32, 7);
    TrainingArguments args = TrainerFixtures.arguments(outputDir);
    Random random = new Random(7);
    List<Batch.Host> batches = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      List<Example> examples = new ArrayList<>();
      List<float[]> waves = new ArrayList<>();
      for (int b = 0; b < 2; b++) {
        float[] w = new float[8000 + random.nextInt(4000)];
        for (int s = 0; s < w.length; s++) {
          w[s] = (float) (0.1 * random.nextGaussian());
        }
        int[] tokens = new int[3 + random.nextInt(5)];
        for (int u = 0; u < tokens.length; u++) {
          tokens[u] = random.nextInt(32);
        }
        Utterance u = new Utterance("u" + b, AudioRef.bytes(new byte[0], "synthetic"), "x", Double.NaN, SourceLocation.row("synthetic", b));
        examples.add(new Example(u, "x", tokens, w, w.length));
        waves.add(w);
      }
      batches.add(Batch.collate(examples, waves));
    }
    try (ExactObjective loss = new ExactObjective(model.joint(), new TransducerLoss(Reduction.MEAN_BATCH, 0, -1));
        BatchLoader loader = new BatchLoader(0, 16000)) {
      Trainer trainer = new Trainer(args, model, loss, null, Device.CPU, List.of(), loader);
      AdamW optimizer = trainer.optimizer();
      model.train(true);
      long baseline = 0;
      for (int step = 0; step < 200; step++) {
        trainer.trainStep(batches.get(step % batches.size()), optimizer, 1e-3);
        if (step == 49) {
          baseline = residentBytes();
        }
      }
      long end = residentBytes();
      System.out.println("resident " + baseline + " " + end);
    } finally {
      try (var files = Files.walk(outputDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static long residentBytes() throws Exception {
    System.gc();
    Thread.sleep(100);
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}

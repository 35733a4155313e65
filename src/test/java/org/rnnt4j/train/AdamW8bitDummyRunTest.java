package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.train.run.TrainingRun;
import org.rnnt4j.util.Json;

/**
 * 8-bit AdamW trains like AdamW: scripts/run_dummy.sh's run (the tiny ContextNet of
 * conf/contextnet_rnnt_tiny.yaml on datasets/synth_en_dummy, 128 pieces, 60 epochs of 6 batches of 8,
 * learning rate 5e-3 after 30 warm-up steps) with dither, SpecAugment and dropout off, so that the two
 * runs differ only in the optimizer: same seed, same initial weights, same batches. The training loss of
 * {@code --optim adamw_bnb_8bit}, as a 10-step moving average at every step and at the end, stays within
 * 5% of {@code adamw_torch}'s. The slow test runs 40 updates ({@code max_steps 40}: the 30 warm-up
 * updates, then the linear decay to 0 over the last 10, where the loss falls most; about a minute for
 * both); the benchmark the whole 360 (figures in benchmarks/README.md).
 */
class AdamW8bitDummyRunTest {
  private static final int WINDOW = 10;
  private static final double TOLERANCE = 0.05;

  /** The tiny conf without randomness besides the initial weights and the data order. */
  private static Path deterministicConf(Path tmp) throws IOException {
    String yaml = Files.readString(Path.of("conf/contextnet_rnnt_tiny.yaml"));
    String quiet = yaml.replaceAll("dropout: 0\\.1", "dropout: 0.0").replaceAll("dither: [0-9.e-]+", "dither: 0.0");
    Path raw = tmp.resolve("tiny_raw.yaml");
    Files.writeString(raw, quiet);
    Path conf = tmp.resolve("tiny_deterministic.yaml");
    ConfigNode.load(raw).modelSection().withOverride("spec_augment", null).writeYaml(conf);
    return conf;
  }

  private static List<Double> losses(Path tmp, Path conf, OptimizerName optim, long maxSteps) {
    return lossesIn(tmp.resolve(optim.flagName()), conf, optim, maxSteps);
  }

  private static List<Double> losses(Path out, Path conf, OptimizerName optim, long maxSteps, int threads) {
    int before = org.rnnt4j.engine.Engine.threads();
    org.rnnt4j.engine.Engine.setThreads(threads);
    try {
      return lossesIn(out, conf, optim, maxSteps);
    } finally {
      org.rnnt4j.engine.Engine.setThreads(before);
    }
  }

  private static List<Double> lossesIn(Path out, Path conf, OptimizerName optim, long maxSteps) {
    Path tmp = out.getParent();
    TrainingArguments args =
        TrainingArguments.builder(out)
            .overwriteOutputDir(true)
            .doTrain(true)
            .numTrainEpochs(60)
            .maxSteps(maxSteps)
            .perDeviceTrainBatchSize(8)
            .learningRate(5e-3)
            .warmupSteps(30)
            .loggingSteps(1)
            .saveStrategy(IntervalStrategy.NO)
            .groupByLength(true)
            .seed(42)
            .optim(optim)
            .build();
    DataArguments data =
        DataArguments.builder()
            .dataset(DatasetSelection.builder().datasetName("datasets/synth_en_dummy").build())
            .trainSplitName("train")
            .build();
    ModelArguments model = new ModelArguments(conf, null, tmp.resolve("tokenizers"), 128);
    long start = System.nanoTime();
    new TrainingRun(args, data, model, Map.of()).run();
    System.out.printf("%s: %.1f s%n", optim.flagName(), (System.nanoTime() - start) / 1e9);
    List<Double> losses = new ArrayList<>();
    for (JsonNode entry : Json.read(out.resolve("trainer_state.json")).get("log_history")) {
      if (entry.has("loss")) {
        losses.add(entry.get("loss").asDouble());
      }
    }
    return losses;
  }

  private static double average(List<Double> values, int end) {
    double sum = 0;
    for (int i = end - WINDOW; i < end; i++) {
      sum += values.get(i);
    }
    return sum / WINDOW;
  }

  @Tag("slow")
  @Test
  void inTheFirst40UpdatesEightBitLossStaysWithin5PercentOfAdamWs(@TempDir Path tmp) throws IOException {
    compare(tmp, 40);
  }

  @Tag("benchmark")
  @Test
  void overTheWholeDummyRunEightBitLossStaysWithin5PercentOfAdamWs(@TempDir Path tmp) throws IOException {
    compare(tmp, 360);
  }

  /**
   * The control for the benchmark above: AdamW against AdamW itself, run once with one intra-op thread
   * and once with two, which changes nothing but the order in which libtorch's kernels add up floats.
   * Prints the same deviations as the 8-bit comparison (the figures are in benchmarks/README.md) and
   * asserts only that the runs are not identical, that is, that rounding alone perturbed them.
   */
  @Tag("benchmark")
  @Test
  void adamWAgainstItselfWithAnotherSummationOrder(@TempDir Path tmp) throws IOException {
    Path conf = deterministicConf(tmp);
    List<Double> two = losses(tmp.resolve("two_threads"), conf, OptimizerName.ADAMW_TORCH, 360, 2);
    List<Double> one = losses(tmp.resolve("one_thread"), conf, OptimizerName.ADAMW_TORCH, 360, 1);
    Deviation d = deviation(two, one);
    System.out.printf(
        "AdamW with 2 threads against 1 thread: largest deviation %.2f%% (step %d), at the end %.2f%%,"
            + " windows beyond 5%%: %d of %d%n",
        100 * d.worst, d.worstStep, 100 * d.last, d.beyond, two.size() - WINDOW + 1);
    assertTrue(d.worst > 0, "one and two threads gave the same losses: the control perturbed nothing");
  }

  private record Deviation(double worst, int worstStep, double last, int beyond) {}

  private static Deviation deviation(List<Double> reference, List<Double> other) {
    double worst = 0;
    int worstStep = 0;
    int beyond = 0;
    for (int end = WINDOW; end <= reference.size(); end++) {
      double r = average(reference, end);
      double deviation = Math.abs(average(other, end) - r) / r;
      if (deviation > TOLERANCE) {
        beyond++;
      }
      if (deviation > worst) {
        worst = deviation;
        worstStep = end;
      }
    }
    int n = reference.size();
    return new Deviation(worst, worstStep, Math.abs(average(other, n) - average(reference, n)) / average(reference, n), beyond);
  }

  private static void compare(Path tmp, int steps) throws IOException {
    Path conf = deterministicConf(tmp);
    List<Double> adamw = losses(tmp, conf, OptimizerName.ADAMW_TORCH, steps);
    List<Double> eightBit = losses(tmp, conf, OptimizerName.ADAMW_BNB_8BIT, steps);
    assertEquals(steps, adamw.size());
    assertEquals(adamw.size(), eightBit.size());
    assertEquals(adamw.get(0), eightBit.get(0), 0.0, "the first loss comes before any update");
    Deviation d = deviation(adamw, eightBit);
    System.out.printf(
        "10-step average loss: AdamW %.4f -> %.4f, 8-bit AdamW %.4f -> %.4f; largest deviation %.2f%% (step %d),"
            + " at the end %.2f%%, windows beyond 5%%: %d of %d%n",
        average(adamw, WINDOW), average(adamw, adamw.size()), average(eightBit, WINDOW), average(eightBit, eightBit.size()),
        100 * d.worst, d.worstStep, 100 * d.last, d.beyond, adamw.size() - WINDOW + 1);
    assertTrue(d.worst <= TOLERANCE, "the 10-step averages differ by " + d.worst + " at step " + d.worstStep);
    assertTrue(d.last <= TOLERANCE, "the final 10-step averages differ by " + d.last);
  }
}

package org.rnnt4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.cli.Main;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.ChildJvm;
import org.rnnt4j.testing.TwoRanks;
import org.rnnt4j.util.Json;

/**
 * Data-parallel training on loopback is one process's training: real {@code rnnt4j train} runs on 8
 * utterances of the dummy dataset with the tiny ContextNet, its stochastic parts off (dither 0, no
 * SpecAugment masks, dropout 0) and {@code --sync_batchnorm}. Two processes with batch b log the same
 * per-step losses over 20 steps as one process with batch 2b and end with the same weights (1e-5): each
 * step's global batch is the same utterances (the strided shards of one seeded order, as HF's
 * distributed samplers deal them), padded alike. The reference is the one-process run of the same code,
 * whose single-process behaviour the rest of the suite checks against PyTorch and NeMo.
 */
@Tag("slow")
class DataParallelTrainingTest {
  private static final int STEPS = 20;
  /**
   * Small enough that float32 rounding, which differs between a sum over 4 utterances and two sums over
   * 2, stays below 1e-5 after 20 AdamW updates (AdamW turns the rounding of a near-zero gradient into an
   * update of up to the learning rate: at 1e-3 the weights differed by 1.8e-4, the losses by 3e-6 of
   * their value); a mistake in sharding, padding or synchronisation moves the losses at once.
   */
  static final String LEARNING_RATE = "2e-5";

  /** The tiny ContextNet with dither, SpecAugment and dropout off. */
  static Path deterministicConf(Path dir) throws IOException {
    String conf = Files.readString(Path.of("conf/contextnet_rnnt_tiny.yaml"))
        .replace("dropout: 0.1", "dropout: 0.0")
        .replace("dither: 0.00001", "dither: 0.0")
        .replace("freq_masks: 2", "freq_masks: 0")
        .replace("time_masks: 2", "time_masks: 0");
    Path out = dir.resolve("contextnet_deterministic.yaml");
    Files.writeString(out, conf);
    return out;
  }

  static List<String> args(Path conf, Path tokenizers, Path out, int batch, int accumulation, int saveSteps) {
    return new ArrayList<>(List.of(
        "train", "--config_path", conf.toString(), "--dataset_name", "datasets/synth_en_dummy",
        "--max_train_samples", "8", "--tokenizer_path", tokenizers.toString(), "--vocab_size", "32",
        "--output_dir", out.toString(), "--overwrite_output_dir", "--max_steps", Integer.toString(STEPS),
        "--per_device_train_batch_size", Integer.toString(batch),
        "--gradient_accumulation_steps", Integer.toString(accumulation), "--learning_rate", LEARNING_RATE,
        "--warmup_steps", "2", "--logging_steps", "1", "--save_steps", Integer.toString(saveSteps),
        "--dataloader_num_workers", "0", "--seed", "7", "--save_nemo", "False", "--sync_batchnorm", "--do_train"));
  }

  static void train(List<String> args) {
    ChildJvm.Result r = ChildJvm.run(
        Main.class, List.of("-Xmx768m"), Map.of("RNNT4J_THREADS", "1"), Duration.ofMinutes(5), args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.tail(40));
  }

  static List<String> twoProcesses(List<String> args) {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of("--nproc_per_node", "2", "--master_port", Integer.toString(TwoRanks.freePort())));
    return a;
  }

  static List<Double> losses(Path out) {
    List<Double> losses = new ArrayList<>();
    for (JsonNode e : Json.read(out.resolve("trainer_state.json")).get("log_history")) {
      if (e.has("loss")) {
        losses.add(e.get("loss").doubleValue());
      }
    }
    return losses;
  }

  /**
   * The same per-step losses (as logged, rounded to 4 decimals, up to float32 rounding of sums taken in
   * another order: 2e-6 of the value) and the same final weights within 1e-5.
   */
  static void assertSameTraining(Path expected, Path actual) {
    Map<String, Tensor> wa = ModelDirectory.readWeights(expected);
    Map<String, Tensor> wb = ModelDirectory.readWeights(actual);
    assertEquals(wa.keySet(), wb.keySet());
    double worst = 0;
    String where = "";
    double worstBuffer = 0;
    String whereBuffer = "";
    for (String k : wa.keySet()) {
      if (k.endsWith("num_batches_tracked")) {
        assertEquals(wa.get(k).item(), wb.get(k).item(), 0.0, k);
      } else if (k.endsWith("running_mean") || k.endsWith("running_var")) {
        // statistics of activations: relative to their size
        double d = wa.get(k).sub(wb.get(k)).abs().div(wa.get(k).abs().add(1.0)).max().item();
        if (d > worstBuffer) {
          worstBuffer = d;
          whereBuffer = k;
        }
      } else {
        double d = wa.get(k).sub(wb.get(k)).abs().max().item();
        if (d > worst) {
          worst = d;
          where = k;
        }
      }
    }
    List<Double> a = losses(expected);
    List<Double> b = losses(actual);
    System.out.println("largest parameter difference " + worst + " at " + where + ", largest relative BatchNorm statistic"
        + " difference " + worstBuffer + " at " + whereBuffer + "; losses " + a + " vs " + b);
    assertEquals(STEPS, a.size(), a.toString());
    assertEquals(a.size(), b.size(), b.toString());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i), 1e-4 + 2e-6 * Math.abs(a.get(i)), "loss of step " + (i + 1) + ": " + a + " vs " + b);
    }
    assertTrue(worst <= 1e-5, "largest parameter difference " + worst + " at " + where);
    assertTrue(worstBuffer <= 1e-5, "largest relative BatchNorm statistic difference " + worstBuffer + " at " + whereBuffer);
  }

  @Test
  void twoProcessesOfBatch2TrainAsOneOfBatch4AlsoAfterResumesAcrossWorldSizes(@TempDir Path tmp) throws IOException {
    Path conf = deterministicConf(tmp);
    Path tokenizers = tmp.resolve("tokenizers");
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    train(args(conf, tokenizers, one, 4, 1, 10));
    train(twoProcesses(args(conf, tokenizers, two, 2, 1, 10)));
    assertSameTraining(one, two);
    assertTrue(Files.isDirectory(two.resolve("checkpoint-10")), "rank 0 saved");

    // the two-process checkpoint continues on one process with the same global batch
    Path resumed = tmp.resolve("resumed");
    List<String> resume = args(conf, tokenizers, resumed, 4, 1, 100);
    resume.addAll(List.of("--resume_from_checkpoint", two.resolve("checkpoint-10").toString()));
    train(resume);
    assertSameTraining(one, resumed);

    // and the one-process checkpoint continues on two processes (the worker takes rank 0's choice)
    Path resumedOnTwo = tmp.resolve("resumed_on_two");
    List<String> resumeOnTwo = twoProcesses(args(conf, tokenizers, resumedOnTwo, 2, 1, 100));
    resumeOnTwo.addAll(List.of("--resume_from_checkpoint", one.resolve("checkpoint-10").toString()));
    train(resumeOnTwo);
    assertSameTraining(one, resumedOnTwo);
  }

  @Test
  void withGradientAccumulationTwoProcessesOfBatch1TrainAsOneOfBatch2(@TempDir Path tmp) throws IOException {
    Path conf = deterministicConf(tmp);
    Path tokenizers = tmp.resolve("tokenizers");
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    train(args(conf, tokenizers, one, 2, 2, 100));
    train(twoProcesses(args(conf, tokenizers, two, 1, 2, 100)));
    assertSameTraining(one, two);
  }
}

package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.Sha256;

/**
 * A training process killed with SIGKILL ({@code Process.destroyForcibly}) resumes exactly: real child
 * JVMs run {@code rnnt4j train} on 6 utterances of the dummy dataset (the tiny ContextNet with dropout,
 * dither and SpecAugment active, two loader threads, logging every step, a checkpoint every 2 steps).
 * One run is killed at a random step (seeded, printed), its restart is killed while writing a
 * checkpoint, and the next restart finishes. Its log history equals an uninterrupted run's (every
 * logged loss, gradient norm and learning rate, bit for bit as logged), its {@code train_loss} is the
 * same double, and its final weights file has the same SHA-256.
 */
@Tag("slow")
class ResumeAfterKillTest {
  private static final long SEED = 20260317L;
  private static final int MAX_STEPS = 6;

  private static List<String> command(Path out, Path tokenizers) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", classpath,
        "org.rnnt4j.cli.Main", "train",
        "--config_path", "conf/contextnet_rnnt_tiny.yaml",
        "--dataset_name", "datasets/synth_en_dummy",
        "--max_train_samples", "6",
        "--tokenizer_path", tokenizers.toString(),
        "--vocab_size", "32",
        "--output_dir", out.toString(),
        "--max_steps", Integer.toString(MAX_STEPS),
        "--per_device_train_batch_size", "2",
        "--learning_rate", "1e-3",
        "--warmup_steps", "2",
        "--logging_steps", "1",
        "--save_steps", "2",
        "--save_total_limit", "2",
        "--dataloader_num_workers", "2",
        "--seed", "7",
        "--save_nemo", "False",
        "--do_train");
  }

  /** Starts {@code rnnt4j train} writing its console to {@code log}. */
  private static Process start(Path out, Path tokenizers, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command(out, tokenizers)).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("RNNT4J_THREADS", "1");
    return pb.start();
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Polls until {@code condition} holds or the process ends; true if it held. */
  private static boolean awaitWhileAlive(Process p, BooleanSupplier condition) throws InterruptedException {
    while (p.isAlive()) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(1);
    }
    return condition.getAsBoolean();
  }

  private static List<String> tmpFolders(Path out) {
    String[] names = out.toFile().list();
    List<String> tmp = new ArrayList<>();
    for (String n : names == null ? new String[0] : names) {
      if (n.matches("checkpoint-\\d+\\.tmp-\\d+") && new File(out.toFile(), n).isDirectory()) {
        tmp.add(n);
      }
    }
    return tmp;
  }

  private static void finish(Process p, Path log) throws InterruptedException {
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the run finishes");
    assertEquals(0, p.exitValue(), read(log));
  }

  private static void kill(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL on Linux
    p.waitFor();
  }

  @Test
  void killedAtARandomStepAndDuringASaveThenResumedLogsTheSameLosses(@TempDir Path tmp) throws Exception {
    Path tokenizers = tmp.resolve("tokenizers");
    Path reference = tmp.resolve("reference");
    Path run = tmp.resolve("run");
    Process p = start(reference, tokenizers, tmp.resolve("reference.log"));
    finish(p, tmp.resolve("reference.log"));

    int killStep = 2 + new Random(SEED).nextInt(MAX_STEPS - 3); // 2..4: a checkpoint exists before it, one comes after
    System.out.println("seed " + SEED + ": killing at step " + killStep + ", then during the next checkpoint save");
    Path log1 = tmp.resolve("run1.log");
    p = start(run, tokenizers, log1);
    String marker = "\"step\":" + killStep + "}";
    assertTrue(awaitWhileAlive(p, () -> read(log1).contains(marker)), "the run reached step " + killStep + ":\n" + read(log1));
    kill(p);

    // restarts are killed the moment a checkpoint's temporary folder appears, until one dies inside a save
    int attempt = 0;
    boolean killedInSave = false;
    while (!killedInSave && attempt < 3) {
      Path log = tmp.resolve("restart" + attempt + ".log");
      List<String> before = tmpFolders(run); // an earlier kill's leftovers, which the restart removes
      p = start(run, tokenizers, log);
      boolean saving = awaitWhileAlive(p, () -> !before.containsAll(tmpFolders(run)));
      if (!saving) {
        finish(p, log);
        break;
      }
      kill(p);
      killedInSave = !before.containsAll(tmpFolders(run));
      System.out.println("restart " + attempt + ": killed " + (killedInSave ? "during the save of " + tmpFolders(run) : "just after a save"));
      assertTrue(read(log).contains("checkpoint detected, resuming training at"), read(log));
      attempt++;
    }
    assertTrue(killedInSave, "a kill landed inside a checkpoint save within 3 restarts");

    Path lastLog = tmp.resolve("final.log");
    p = start(run, tokenizers, lastLog);
    finish(p, lastLog);
    String last = read(lastLog);
    assertTrue(last.contains("left by an interrupted checkpoint write"), "the unfinished save is reported:\n" + last);
    assertTrue(last.contains("checkpoint detected, resuming training at"), last);

    JsonNode expected = Json.read(reference.resolve("trainer_state.json")).get("log_history");
    JsonNode actual = Json.read(run.resolve("trainer_state.json")).get("log_history");
    List<JsonNode> expectedSteps = new ArrayList<>();
    List<JsonNode> actualSteps = new ArrayList<>();
    expected.forEach(e -> {
      if (e.has("loss")) {
        expectedSteps.add(e);
      }
    });
    actual.forEach(e -> {
      if (e.has("loss")) {
        actualSteps.add(e);
      }
    });
    assertEquals(MAX_STEPS, expectedSteps.size(), expected.toString());
    assertEquals(expectedSteps, actualSteps, "every logged step: loss, grad_norm, learning_rate, epoch");
    JsonNode expectedSummary = expected.get(expected.size() - 1);
    JsonNode actualSummary = actual.get(actual.size() - 1);
    assertEquals(expectedSummary.get("train_loss").doubleValue(), actualSummary.get("train_loss").doubleValue(), 0.0);
    assertEquals(
        Sha256.of(reference.resolve("model_weights.ckpt")), Sha256.of(run.resolve("model_weights.ckpt")),
        "the final weights are bit-identical");
  }
}

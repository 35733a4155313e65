package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.testing.ChildJvm;
import org.rnnt4j.util.Json;

/**
 * {@code rnnt4j train} end to end, as a user runs it: the {@code rnnt4j} entry point in a JVM of its own,
 * the flags of {@code scripts/run_dummy.sh} scaled down (tiny ContextNet, 32-piece tokenizer, the first 8
 * training utterances of the bundled dummy dataset in batches of 4, 10 steps, every step logged, seed 42).
 * The training loss falls (the mean of the last 4 logged losses, two epochs, is under 3/4 of the mean of
 * the first 2, one epoch) and the recipe's outputs are written.
 */
@Tag("slow")
class TrainEndToEndTest {
  private static final int STEPS = 10;

  private static List<String> dummyRun(Path tmp, Path out, String... extra) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "train", "--config_path", "conf/contextnet_rnnt_tiny.yaml", "--dataset_name", "datasets/synth_en_dummy",
                "--train_split_name", "train", "--eval_split_name", "validation", "--test_split_name", "validation",
                "--tokenizer_path", tmp.resolve("tokenizers").toString(), "--vocab_size", "32",
                "--output_dir", out.toString(), "--overwrite_output_dir",
                "--max_train_samples", "8", "--max_eval_samples", "4", "--max_predict_samples", "4",
                "--max_steps", Integer.toString(STEPS), "--per_device_train_batch_size", "4",
                "--per_device_eval_batch_size", "4", "--learning_rate", "5e-3", "--warmup_steps", "2",
                "--logging_steps", "1", "--save_strategy", "steps", "--save_steps", Integer.toString(STEPS),
                "--group_by_length", "--do_lower_case", "--do_train", "--do_eval", "--do_predict", "--seed", "42"));
    flags.addAll(List.of(extra));
    return flags;
  }

  private static void train(List<String> flags) {
    ChildJvm.Result r =
        ChildJvm.run(Main.class, List.of("-Xmx2g"), Map.of(), Duration.ofMinutes(10), flags.toArray(String[]::new));
    assertEquals(0, r.exitCode(), "rnnt4j " + String.join(" ", flags) + " failed:\n" + r.output());
  }

  /** The per-step training losses of trainer_state.json's log_history, checked to be steps 1..STEPS. */
  private static double[] loggedLosses(Path out) {
    JsonNode state = Json.read(out.resolve("trainer_state.json"));
    assertEquals(STEPS, state.get("global_step").asInt());
    List<Double> losses = new ArrayList<>();
    for (JsonNode entry : state.get("log_history")) {
      if (entry.has("loss")) {
        assertEquals(losses.size() + 1, entry.get("step").asInt(), "one loss per step: " + entry);
        losses.add(entry.get("loss").asDouble());
      }
    }
    assertEquals(STEPS, losses.size(), "--logging_steps 1 logs every step: " + state.get("log_history"));
    return losses.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void assertLossFalls(double[] losses) {
    for (double loss : losses) {
      assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss + " in " + java.util.Arrays.toString(losses));
    }
    double first = (losses[0] + losses[1]) / 2;
    double last = 0;
    for (int i = losses.length - 4; i < losses.length; i++) {
      last += losses[i] / 4;
    }
    System.out.printf("logged losses %s: first epoch %.2f, last two epochs %.2f%n", java.util.Arrays.toString(losses), first, last);
    assertTrue(last < 0.75 * first, "the loss did not fall: first epoch " + first + ", last two epochs " + last
        + ", all " + java.util.Arrays.toString(losses));
  }

  private static void assertRecipeOutputs(Path out) throws Exception {
    for (String file : List.of(
        "trainer_state.json", "train_results.json", "eval_results.json", "validation_results.json", "all_results.json",
        "model_config.yaml", "model_weights.ckpt", "model.nemo", "tokenizer_spe_bpe_v32/tokenizer.model",
        "checkpoint-" + STEPS)) {
      assertTrue(Files.exists(out.resolve(file)), out + " lacks " + file);
    }
    JsonNode all = Json.read(out.resolve("all_results.json"));
    for (String key : List.of("train_loss", "train_samples", "eval_wer", "eval_cer", "validation_wer")) {
      assertTrue(all.has(key), "all_results.json lacks " + key + ": " + all);
    }
    assertEquals(8, all.get("train_samples").asInt());
    for (String predictions : List.of("eval_predictions.jsonl", "validation_predictions.jsonl")) {
      List<String> lines = Files.readAllLines(out.resolve(predictions));
      assertEquals(4, lines.size(), predictions);
      JsonNode first = Json.parse(lines.get(0));
      for (String field : List.of("id", "text", "pred_text", "pred_token_ids")) {
        assertTrue(first.has(field), predictions + " lacks " + field + ": " + first);
      }
    }
  }

  /** No objective flags: the recipe's default, the exact loss over fused sub-batches (here 2 of 2 utterances). */
  @Test
  void theDefaultObjectiveLowersTheLossAndWritesTheRecipesOutputs(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("exact");
    train(dummyRun(tmp, out, "--fused_batch_size", "2"));
    assertLossFalls(loggedLosses(out));
    assertRecipeOutputs(out);
  }

  /**
   * {@code --loss pruned}, without the warm-up of the simple and pruned losses' weights, so that every
   * logged loss is the same weighted sum and the first and last ones compare.
   */
  @Test
  void thePrunedLossLowersTheLoss(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("pruned");
    train(dummyRun(tmp, out, "--loss", "pruned", "--prune_warmup_steps", "0"));
    assertLossFalls(loggedLosses(out));
    assertRecipeOutputs(out);
  }
}

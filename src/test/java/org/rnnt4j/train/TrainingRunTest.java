package org.rnnt4j.train;

import org.rnnt4j.train.run.TrainingRun;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.loading.ModelArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.SafeTensors;

/** A two-step run of the whole recipe flow on the bundled dummy dataset, checking every output file. */
class TrainingRunTest {
  static TrainingArguments args(Path out, long maxSteps) {
    return TrainingArguments.builder(out)
        .overwriteOutputDir(true)
        .doTrain(true)
        .doEval(true)
        .doPredict(true)
        .numTrainEpochs(1.0)
        .maxSteps(maxSteps)
        .perDeviceTrainBatchSize(2)
        .perDeviceEvalBatchSize(2)
        .learningRate(1e-3)
        .warmupSteps(1)
        .loggingSteps(1)
        .evaluationStrategy(IntervalStrategy.STEPS)
        .evalSteps(2L)
        .saveStrategy(IntervalStrategy.STEPS)
        .saveSteps(1)
        .saveTotalLimit(1)
        .groupByLength(true)
        .dataloaderNumWorkers(1)
        .build();
  }

  static DataArguments data(long samples) {
    return DataArguments.builder()
        .dataset(DatasetSelection.builder().datasetName("datasets/synth_en_dummy").build())
        .testSplitName("validation")
        .maxTrainSamples(samples)
        .maxEvalSamples(samples)
        .maxPredictSamples(samples)
        .build();
  }

  /**
   * The tiny conf with one symbol per frame: an untrained model emits a token at almost every decoding
   * step, so this keeps the evaluations of these short runs fast without changing what is tested.
   */
  static Path fastConf(Path tmp) {
    Path conf = tmp.resolve("tiny_fast.yaml");
    org.rnnt4j.config.ConfigNode.load(Path.of("conf/contextnet_rnnt_tiny.yaml"))
        .modelSection()
        .withOverride("decoding.greedy.max_symbols", 1)
        .writeYaml(conf);
    return conf;
  }

  @Tag("slow")
  @Test
  void twoStepRunWritesHuggingFaceAndNemoStyleOutputs(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    ModelArguments model = new ModelArguments(fastConf(tmp), null, tmp.resolve("tok"), 32);
    Map<String, Object> all = new TrainingRun(args(out, 2), data(4), model, Map.of("test", true)).run();

    for (String key : List.of("train_loss", "train_runtime", "train_samples", "train_bad_samples", "eval_wer", "eval_cer", "validation_wer", "validation_cer")) {
      assertTrue(all.containsKey(key), "all_results.json lacks " + key + ": " + all.keySet());
    }
    assertEquals(4, ((Number) all.get("train_samples")).intValue());
    double wer = ((Number) all.get("eval_wer")).doubleValue();
    assertTrue(wer >= 0 && wer <= 10, "eval_wer is a fraction: " + wer);

    JsonNode state = Json.read(out.resolve("trainer_state.json"));
    assertEquals(2, state.get("global_step").asInt());
    JsonNode history = state.get("log_history");
    assertTrue(history.get(0).has("loss") && history.get(0).get("step").asInt() == 1, history.toString());
    assertTrue(history.toString().contains("eval_wer"), "evaluation at step 2 is logged: " + history);
    assertTrue(history.get(history.size() - 1).has("train_runtime"));

    // save_steps 1 with save_total_limit 1: only the last checkpoint stays
    assertFalse(Files.exists(out.resolve("checkpoint-1")));
    Path checkpoint = out.resolve("checkpoint-2");
    for (String f : List.of("model_config.yaml", "model_weights.ckpt", "optimizer.safetensors", "scheduler.json", "rng_state.json", "trainer_state.json", "tokenizer_spe_bpe_v32/tokenizer.model")) {
      assertTrue(Files.exists(checkpoint.resolve(f)), "checkpoint-2 lacks " + f);
    }
    assertTrue(SafeTensors.read(checkpoint.resolve("optimizer.safetensors")).tensors().keySet().stream().anyMatch(k -> k.startsWith("exp_avg.encoder.")));

    List<String> lines = Files.readAllLines(out.resolve("eval_predictions.jsonl"));
    assertEquals(4, lines.size());
    JsonNode first = Json.parse(lines.get(0));
    for (String field : List.of("id", "text", "pred_text", "pred_token_ids")) {
      assertTrue(first.has(field), "prediction lacks " + field + ": " + first);
    }
    assertEquals(first.get("text").asText(), first.get("text").asText().toLowerCase(), "transcripts are lower-cased");
    assertEquals(4, Files.readAllLines(out.resolve("validation_predictions.jsonl")).size());

    // the final model directory loads back with the same tensors
    Map<String, Tensor> weights = ModelDirectory.readWeights(out);
    assertEquals(Json.read(checkpoint.resolve("trainer_state.json")).get("global_step").asInt(), 2);
    assertTrue(weights.containsKey("encoder.encoder.4.mconv.13.fc.0.weight"), weights.keySet().toString());
    assertEquals("tokenizer_spe_bpe_v32", ModelDirectory.readConfig(out).getString("tokenizer.dir"));
    assertEquals(32, ModelDirectory.readConfig(out).getInt("decoder.vocab_size"));
  }

  @Tag("slow")
  @Test
  void startingFromASavedModelReproducesItsPredictions(@TempDir Path tmp) throws Exception {
    Path first = tmp.resolve("first");
    ModelArguments fromConf = new ModelArguments(fastConf(tmp), null, tmp.resolve("tok"), 32);
    new TrainingRun(args(first, 1), data(2), fromConf, Map.of()).run();
    Path second = tmp.resolve("second");
    TrainingArguments evalOnly =
        TrainingArguments.builder(second)
            .overwriteOutputDir(true)
            .doEval(true)
            .numTrainEpochs(1.0)
            .perDeviceTrainBatchSize(2)
            .perDeviceEvalBatchSize(2)
            .learningRate(1e-3)
            .loggingSteps(1)
            .saveStrategy(IntervalStrategy.NO)
            .saveSteps(1)
            .dataloaderNumWorkers(0)
            .build();
    new TrainingRun(evalOnly, data(2), new ModelArguments(null, first, null, 32), Map.of()).run();
    assertEquals(
        Files.readAllLines(first.resolve("eval_predictions.jsonl")),
        Files.readAllLines(second.resolve("eval_predictions.jsonl")));
  }

  @Test
  void nonEmptyOutputDirectoryIsRefusedWithoutOverwrite(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("keep.txt"), "precious");
    TrainingArguments noOverwrite =
        TrainingArguments.builder(tmp)
            .doTrain(true)
            .numTrainEpochs(1.0)
            .maxSteps(1)
            .perDeviceTrainBatchSize(2)
            .perDeviceEvalBatchSize(2)
            .learningRate(1e-3)
            .loggingSteps(1)
            .saveStrategy(IntervalStrategy.NO)
            .saveSteps(1)
            .dataloaderNumWorkers(0)
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TrainingRun(noOverwrite, data(2), new ModelArguments(Path.of("conf/contextnet_rnnt_dummy.yaml"), null, tmp.resolve("t"), 32), Map.of()).run());
    assertTrue(e.getMessage().contains("--overwrite_output_dir"), e.getMessage());
    assertEquals("precious", Files.readString(tmp.resolve("keep.txt")));
  }
}

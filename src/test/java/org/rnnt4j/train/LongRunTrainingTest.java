package org.rnnt4j.train;

import org.rnnt4j.train.run.TrainingRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.training.CheckpointAveraging;
import org.rnnt4j.checkpoint.training.CheckpointRotation;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.optim.CosineSchedule;
import org.rnnt4j.optim.ScheduleType;
import org.rnnt4j.util.Json;

/**
 * Short runs of the whole flow with the long-run arguments, on the bundled dummy dataset (8 training
 * and 2 validation utterances, the tiny ContextNet): gradient accumulation counts updates, a cosine
 * schedule is saved, eval_loss and the moving average's metrics are reported, the final model is the
 * average of the newest checkpoints, the best checkpoint is loaded at the end, and the resume choice
 * passes over damaged checkpoints.
 */
@Tag("slow")
class LongRunTrainingTest {
  private static DataArguments data() {
    return DataArguments.builder()
        .dataset(DatasetSelection.builder().datasetName("datasets/synth_en_dummy").build())
        .testSplitName("validation")
        .maxTrainSamples(8L)
        .maxEvalSamples(2L)
        .maxPredictSamples(2L)
        .build();
  }

  private static TrainingArguments.Builder args(Path out) {
    return TrainingArguments.builder(out)
        .doTrain(true)
        .maxSteps(4)
        .perDeviceTrainBatchSize(2)
        .perDeviceEvalBatchSize(2)
        .learningRate(1e-3)
        .warmupSteps(1)
        .evaluationStrategy(IntervalStrategy.STEPS)
        .evalSteps(2L)
        .saveStrategy(IntervalStrategy.STEPS)
        .saveSteps(2)
        .seed(3)
        .dataloaderNumWorkers(1);
  }

  private static Map<String, Tensor> weights(TorchCheckpoint c) {
    Map<String, Tensor> out = new java.util.LinkedHashMap<>();
    c.stateDict().forEach((k, v) -> out.put(k, org.rnnt4j.engine.Arrays.toTensor(v)));
    return out;
  }

  private static void assertSameWeights(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> {
      if (v.dtype().isFloatingPoint()) {
        assertTrue(Arrays.equals(v.toFloatArray(), actual.get(k).toFloatArray()), k);
      } else {
        assertTrue(Arrays.equals(v.toLongArray(), actual.get(k).toLongArray()), k);
      }
    });
  }

  @Test
  void accumulationEmaAndCheckpointAveraging(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    TrainingArguments a =
        args(out)
            .doEval(true)
            .gradientAccumulationSteps(2)
            .lrSchedulerType(ScheduleType.COSINE)
            .loggingSteps(3)
            .loggingFirstStep(true)
            .emaDecay(0.9)
            .averageCheckpoints(2)
            .build();
    ModelArguments model = new ModelArguments(TrainingRunTest.fastConf(tmp), null, tmp.resolve("tok"), 32);
    Map<String, Object> all = new TrainingRun(a, data(), model, Map.of()).run();

    // 8 utterances in batches of 2, 2 batches per update: 2 updates per epoch, checkpoint-2 ends epoch 0
    assertEquals(List.of("checkpoint-2", "checkpoint-4"), CheckpointRotation.list(out).stream().map(p -> p.getFileName().toString()).toList());
    TrainingState first = TrainingCheckpointReader.read(out.resolve("checkpoint-2"));
    assertEquals(new SamplerPosition(3, 0, 8, 8), first.rng().sampler());
    TrainingState last = TrainingCheckpointReader.read(out.resolve("checkpoint-4"));
    assertEquals(new CosineSchedule(1e-3, 1, 4, 0.5), last.schedule().schedule());
    assertTrue(last.sections().keySet().containsAll(List.of("trainer_loop", "ema")), last.sections().keySet().toString());
    assertEquals(4, last.optimizer().stepCount());

    List<Map<String, Object>> history = last.trainerState().logHistory();
    assertEquals(List.of(1, 3), history.stream().filter(e -> e.containsKey("loss")).map(e -> e.get("step")).toList(), history.toString());
    List<Map<String, Object>> evals = history.stream().filter(e -> e.containsKey("eval_wer")).toList();
    assertEquals(2, evals.size(), history.toString());
    for (String key : List.of("eval_loss", "eval_wer", "eval_cer", "eval_loss_ema", "eval_wer_ema", "eval_cer_ema")) {
      assertTrue(evals.get(1).containsKey(key), key + " in " + evals.get(1));
    }

    for (String key : List.of("eval_wer", "eval_wer_ema", "eval_wer_averaged", "eval_loss", "eval_loss_averaged")) {
      assertTrue(all.containsKey(key), key + " in " + all.keySet());
    }
    assertEquals("averaged", all.get("train_final_weights"));
    TorchCheckpoint averaged = CheckpointAveraging.averageCheckpoints(List.of(out.resolve("checkpoint-2"), out.resolve("checkpoint-4")));
    assertSameWeights(weights(averaged), ModelDirectory.readWeights(out));

    // resuming would continue from checkpoint-4; with its optimizer file truncated, from checkpoint-2
    TrainingArguments again = args(out).build();
    assertEquals(Optional.of(out.resolve("checkpoint-4")), Resumption.choose(again));
    Path optimizer = out.resolve("checkpoint-4/optimizer.safetensors");
    Files.write(optimizer, Arrays.copyOf(Files.readAllBytes(optimizer), 100));
    assertEquals(Optional.of(out.resolve("checkpoint-2")), Resumption.choose(again));
    assertEquals(Optional.empty(), Resumption.choose(args(out).overwriteOutputDir(true).build()));
    assertEquals(Optional.empty(), Resumption.choose(args(out).resume(TrainingArguments.Resume.parse("False")).build()));
    Path empty = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(empty.resolve("notes.txt"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resumption.choose(args(empty).build()));
    assertTrue(e.getMessage().contains("--overwrite_output_dir"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Resumption.choose(args(empty).resume(TrainingArguments.Resume.parse("true")).build()));
    assertTrue(e.getMessage().contains("no valid checkpoint"), e.getMessage());
  }

  @Test
  void theBestCheckpointIsLoadedAtTheEndAndSurvivesRotation(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    // greater_is_better on the loss picks the worst evaluation: a best that is not the last weights
    TrainingArguments a =
        args(out).loggingSteps(1).loadBestModelAtEnd(true).greaterIsBetter(true).saveTotalLimit(1).maxSteps(6).build();
    ModelArguments model = new ModelArguments(TrainingRunTest.fastConf(tmp), null, tmp.resolve("tok"), 32);
    new TrainingRun(a, data(), model, Map.of()).run();

    var state = Json.read(out.resolve("trainer_state.json"));
    double worst = Double.NEGATIVE_INFINITY;
    int worstStep = -1;
    for (var e : state.get("log_history")) {
      if (e.has("eval_loss") && e.get("eval_loss").asDouble() > worst) {
        worst = e.get("eval_loss").asDouble();
        worstStep = e.get("step").asInt();
      }
    }
    assertEquals(worst, state.get("best_metric").asDouble());
    Path best = out.resolve("checkpoint-" + worstStep);
    assertEquals(best.toString(), state.get("best_model_checkpoint").asText());
    List<Path> kept = CheckpointRotation.list(out);
    assertTrue(kept.contains(best) && kept.contains(out.resolve("checkpoint-6")), kept.toString());
    assertSameWeights(weights(TrainingCheckpointReader.readModel(best).weights()), ModelDirectory.readWeights(out));
  }
}

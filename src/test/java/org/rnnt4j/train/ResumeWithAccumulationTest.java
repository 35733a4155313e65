package org.rnnt4j.train;

import org.rnnt4j.train.run.TrainingRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.optim.ScheduleType;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.Sha256;

/**
 * Resuming inside an epoch with gradient accumulation, a cosine schedule and a moving average: 6
 * utterances in batches of 2 make 3 batches per epoch, so 2 updates per epoch, the second of a single
 * batch (HF's last, shorter group). A run resumed from its checkpoint-3 (epoch 1, after its first group)
 * logs the same losses as the run that wrote it and ends with the same final (moving-average) weights.
 */
@Tag("slow")
class ResumeWithAccumulationTest {
  private static TrainingArguments args(Path out) {
    return TrainingArguments.builder(out)
        .doTrain(true)
        .maxSteps(4)
        .perDeviceTrainBatchSize(2)
        .gradientAccumulationSteps(2)
        .lrSchedulerType(ScheduleType.COSINE)
        .learningRate(1e-3)
        .warmupSteps(1)
        .loggingSteps(1)
        .saveStrategy(IntervalStrategy.STEPS)
        .saveSteps(1)
        .emaDecay(0.9)
        .seed(11)
        .dataloaderNumWorkers(2)
        .build();
  }

  private static List<JsonNode> losses(Path out) {
    List<JsonNode> out1 = new ArrayList<>();
    Json.read(out.resolve("trainer_state.json")).get("log_history").forEach(e -> {
      if (e.has("loss")) {
        out1.add(e);
      }
    });
    return out1;
  }

  @Test
  void resumedInsideAnEpochWithAccumulationEndsTheSame(@TempDir Path tmp) throws Exception {
    DataArguments data =
        DataArguments.builder()
            .dataset(DatasetSelection.builder().datasetName("datasets/synth_en_dummy").build())
            .maxTrainSamples(6L)
            .build();
    ModelArguments model = new ModelArguments(TrainingRunTest.fastConf(tmp), null, tmp.resolve("tok"), 32);
    Path whole = tmp.resolve("whole");
    new TrainingRun(args(whole), data, model, Map.of()).run();

    Path resumed = tmp.resolve("resumed");
    Files.createDirectories(resumed);
    copyTree(whole.resolve("checkpoint-3"), resumed.resolve("checkpoint-3"));
    new TrainingRun(args(resumed), data, model, Map.of()).run();

    List<JsonNode> expected = losses(whole);
    assertEquals(4, expected.size(), expected.toString());
    assertEquals(expected, losses(resumed));
    assertEquals(Sha256.of(whole.resolve("model_weights.ckpt")), Sha256.of(resumed.resolve("model_weights.ckpt")));
    assertTrue(Json.read(whole.resolve("train_results.json")).get("train_final_weights").asText().equals("ema"));
    assertEquals(
        Json.read(whole.resolve("train_results.json")).get("train_loss").doubleValue(),
        Json.read(resumed.resolve("train_results.json")).get("train_loss").doubleValue(), 0.0);
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    AtomicFiles.syncTree(to);
  }
}

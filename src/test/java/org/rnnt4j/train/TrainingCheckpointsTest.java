package org.rnnt4j.train;

import org.rnnt4j.train.run.TrainingRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.checkpoint.training.CheckpointRotation;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.engine.Device;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.optim.LinearSchedule;

/**
 * Three-step runs on the bundled dummy dataset (4 utterances, batch 2: two steps per epoch) write
 * checkpoint-N/ directories that {@link TrainingCheckpointReader} reads back, by {@code save_strategy},
 * and {@code save_total_limit} keeps the newest.
 */
class TrainingCheckpointsTest {
  private static TrainingArguments args(Path out, IntervalStrategy save, int limit) {
    return TrainingArguments.builder(out)
        .overwriteOutputDir(true)
        .doTrain(true)
        .numTrainEpochs(2.0)
        .maxSteps(3)
        .perDeviceTrainBatchSize(2)
        .perDeviceEvalBatchSize(2)
        .learningRate(1e-3)
        .warmupSteps(1)
        .loggingSteps(1)
        .evaluationStrategy(IntervalStrategy.NO)
        .saveStrategy(save)
        .saveSteps(1)
        .saveTotalLimit(limit)
        .seed(42)
        .groupByLength(true)
        .dataloaderNumWorkers(0)
        .build();
  }

  private static List<String> checkpoints(Path out) {
    return CheckpointRotation.list(out).stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void stepSavesAreReadableAndRotationKeepsTheNewestTwo(@TempDir Path tmp) {
    Path out = tmp.resolve("out");
    ModelArguments model = new ModelArguments(TrainingRunTest.fastConf(tmp), null, tmp.resolve("tok"), 32);
    new TrainingRun(args(out, IntervalStrategy.STEPS, 2), TrainingRunTest.data(4), model, Map.of("test", true)).run();

    assertEquals(List.of("checkpoint-2", "checkpoint-3"), checkpoints(out), "checkpoint-1 rotated out");
    TrainingState last = TrainingCheckpointReader.read(out.resolve("checkpoint-3"));
    assertEquals(3, last.globalStep());
    assertEquals(new LinearSchedule(1e-3, 1, 3), last.schedule().schedule());
    assertEquals(3, last.schedule().step());
    assertEquals(3, last.optimizer().stepCount());
    last.optimizer().parameters().forEach((name, m) -> assertEquals(3, m.step(), name));
    assertEquals(new SamplerPosition(42, 1, 2, 6), last.rng().sampler(), "epoch 1's first batch of 2 after epoch 0's 4");
    assertEquals(Device.CPU, last.rng().generators().get(0).device());
    List<Map<String, Object>> history = last.trainerState().logHistory();
    assertEquals(List.of(1, 2, 3), history.stream().map(e -> e.get("step")).toList(), history.toString());
    assertTrue(history.stream().allMatch(e -> e.containsKey("loss")), history.toString());
    assertEquals(Map.of("test", true), last.model().provenance());
    // the final model is saved right after step 3, so its weights are the checkpoint's
    assertEquals(SavedModel.open(out.toString()).weights().stateDict(), last.model().weights().stateDict());
    assertEquals(32, SavedModel.open(out.resolve("checkpoint-3").toString()).tokenizer().vocabSize());

    TrainingState middle = TrainingCheckpointReader.read(out.resolve("checkpoint-2"));
    assertEquals(new SamplerPosition(42, 0, 4, 4), middle.rng().sampler(), "saved on epoch 0's last step");
    assertEquals(2, middle.optimizer().stepCount());
  }

  @Test
  void epochSavesComeAtEachEpochsEndAndAtTheLastStep(@TempDir Path tmp) {
    Path out = tmp.resolve("out");
    ModelArguments model = new ModelArguments(TrainingRunTest.fastConf(tmp), null, tmp.resolve("tok"), 32);
    new TrainingRun(args(out, IntervalStrategy.EPOCH, 0), TrainingRunTest.data(4), model, Map.of()).run();

    assertEquals(List.of("checkpoint-2", "checkpoint-3"), checkpoints(out), "save_total_limit 0 keeps all");
    assertEquals(new SamplerPosition(42, 0, 4, 4), TrainingCheckpointReader.read(out.resolve("checkpoint-2")).rng().sampler());
    assertEquals(new SamplerPosition(42, 1, 2, 6), TrainingCheckpointReader.read(out.resolve("checkpoint-3")).rng().sampler());
  }
}

package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.train.run.TrainingRun;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.SafeTensors;

/**
 * {@code --optim adamw_bnb_8bit} and {@code --gradient_checkpointing} reach the training loop: a two-step
 * run of the recipe flow on the bundled dummy dataset with both trains (finite losses), and its checkpoint
 * holds 8-bit AdamW's state under {@code type adamw_bnb_8bit}, which reads back.
 */
class MemoryFlagsRunTest {
  @Tag("slow")
  @Test
  void aRunWithEightBitAdamWAndCheckpointingTrainsAndSavesItsState(@TempDir Path tmp) {
    Path out = tmp.resolve("out");
    TrainingArguments args =
        TrainingArguments.builder(out)
            .overwriteOutputDir(true)
            .doTrain(true)
            .numTrainEpochs(1.0)
            .maxSteps(2)
            .perDeviceTrainBatchSize(2)
            .learningRate(1e-3)
            .warmupSteps(1)
            .loggingSteps(1)
            .saveStrategy(IntervalStrategy.STEPS)
            .saveSteps(2)
            .dataloaderNumWorkers(1)
            .optim(OptimizerName.ADAMW_BNB_8BIT)
            .gradientCheckpointing(true)
            .build();
    ModelArguments model = new ModelArguments(TrainingRunTest.fastConf(tmp), null, tmp.resolve("tok"), 32);
    new TrainingRun(args, TrainingRunTest.data(4), model, Map.of()).run();

    JsonNode history = Json.read(out.resolve("trainer_state.json")).get("log_history");
    for (int step = 0; step < 2; step++) {
      double loss = history.get(step).get("loss").asDouble();
      assertTrue(Double.isFinite(loss) && loss > 0, "step " + (step + 1) + " loss " + loss);
    }
    Path checkpoint = out.resolve("checkpoint-2");
    assertEquals("adamw_bnb_8bit", SafeTensors.read(checkpoint.resolve("optimizer.safetensors")).metadata().get("type"));
    TrainingState state = TrainingCheckpointReader.read(checkpoint);
    assertEquals(OptimizerName.ADAMW_BNB_8BIT, state.optimizer().optim());
    assertTrue(!state.optimizer().quantized().isEmpty(), "the tiny ContextNet has tensors of 4096 elements and more");
    assertEquals(2, state.optimizer().stepCount());
  }
}

package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.training.CheckpointSection;
import org.rnnt4j.checkpoint.training.TrainingCheckpointReader;
import org.rnnt4j.checkpoint.training.TrainingState;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.optim.DynamicLossScaler;
import org.rnnt4j.optim.LossScaler;
import org.rnnt4j.train.run.TrainingRun;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/**
 * The float16 loss scaler's state goes into a checkpoint as section {@code scaler} ({@code scaler.json},
 * GradScaler's {@code state_dict()} keys) and comes back as the scaler a resumed {@code --fp16} run
 * continues with; runs in other precisions ignore it.
 */
class LossScalerCheckpointTest {
  @Test
  void theSectionRoundTripsGradScalersState() {
    DynamicLossScaler.State state = new DynamicLossScaler.State(1024.0, 2.0, 0.5, 2000, 1234);
    CheckpointSection section = LossScalerSection.of(state);
    assertEquals("scaler", section.name());
    JsonNode json = Json.parse(new String(section.files().get("scaler.json"), StandardCharsets.UTF_8));
    assertEquals(1024.0, json.get("scale").asDouble());
    assertEquals(1234, json.get("_growth_tracker").asInt());
    assertEquals(2000, json.get("growth_interval").asInt());
    assertEquals(state, LossScalerSection.read(section, "checkpoint-7"));

    CheckpointSection bad =
        new CheckpointSection("scaler", Map.of("scaler.json", "{\"scale\": -1}".getBytes(StandardCharsets.UTF_8)));
    FormatException e = assertThrows(FormatException.class, () -> LossScalerSection.read(bad, "checkpoint-7"));
    assertTrue(e.getMessage().contains("checkpoint-7/scaler.json"), e.getMessage());
  }

  @Tag("slow")
  @Test
  void anFp16RunSavesItsScalerAndAResumeContinuesWithIt(@TempDir Path tmp) {
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
            .precision(MixedPrecision.FP16)
            .build();
    ModelArguments model = new ModelArguments(TrainingRunTest.fastConf(tmp), null, tmp.resolve("tok"), 32);
    new TrainingRun(args, TrainingRunTest.data(4), model, Map.of()).run();

    TrainingState state = TrainingCheckpointReader.read(out.resolve("checkpoint-2"));
    CheckpointSection section = state.sections().get("scaler");
    assertNotNull(section, "an fp16 checkpoint holds the scaler: " + state.sections().keySet());
    DynamicLossScaler.State saved = LossScalerSection.read(section, "checkpoint-2");
    // two updates from 65536: each either applied (tracker + 1) or skipped (scale halved, tracker 0)
    int skipped = (int) Math.round(Math.log(65536.0 / saved.scale()) / Math.log(2));
    assertTrue(skipped >= 0 && skipped <= 2 && saved.growthTracker() <= 2 - skipped, saved.toString());
    JsonNode history = Json.read(out.resolve("trainer_state.json")).get("log_history");
    assertTrue(Double.isFinite(history.get(0).get("loss").asDouble()), history.toString());

    LossScaler resumed = LossScalerSection.restore(state, MixedPrecision.FP16);
    assertInstanceOf(DynamicLossScaler.class, resumed);
    assertEquals(saved, ((DynamicLossScaler) resumed).state(), "a resumed --fp16 run continues with the saved scale");
    assertSame(LossScaler.NONE, LossScalerSection.restore(state, MixedPrecision.BF16), "bf16 has no scaler");
    assertEquals(65536.0, LossScalerSection.restore(null, MixedPrecision.FP16).scale(), "a fresh run starts at 2^16");
  }
}

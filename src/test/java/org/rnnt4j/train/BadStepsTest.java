package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.ExactObjective;
import org.rnnt4j.model.Targets;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.LossScaler;
import org.rnnt4j.util.Json;

/**
 * An update with a non-finite loss or gradient is skipped: weights, optimizer moments and step counts
 * stay as they were, the utterances are logged to bad_steps.jsonl, and max_consecutive_bad_steps in a
 * row stop training. The loss sums follow HF's logging_nan_inf_filter. Seed 5.
 */
class BadStepsTest {
  /** The exact loss, with its reported value or its gradient made non-finite on demand. */
  private static final class Sabotaged implements TransducerObjective {
    final ExactObjective inner;
    String mode = "none";

    Sabotaged(Transducer model) {
      inner = new ExactObjective(model.joint(), new TransducerLoss(Reduction.MEAN_BATCH, 0, -1));
    }

    @Override
    public Value compute(Encoded encoded, Tensor predicted, Targets targets, long step) {
      Value v = inner.compute(encoded, predicted, targets, step);
      return switch (mode) {
        case "loss" -> new Value(v.loss(), Double.NaN, Map.of());
        case "grad" -> new Value(v.loss().mul(Double.POSITIVE_INFINITY), v.value(), Map.of());
        default -> v;
      };
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void skippedUpdatesChangeNothingAndStopAfterTheLimit(@TempDir Path out) throws Exception {
    Engine.seed(5);
    ConfigNode conf = ConfigNode.load(Path.of("conf/contextnet_rnnt_dummy.yaml")).modelSection();
    Transducer model = Transducers.build(TransducerConfigBinder.bind(conf), 32, 5);
    model.train(true);
    Batch.Host batch = SyntheticBatches.collate(SyntheticBatches.examples(new Random(5), 2, 8000, 32));
    Map<String, float[]> before = new LinkedHashMap<>();
    model.namedParameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
    try (Sabotaged objective = new Sabotaged(model)) {
      AdamW optimizer = new AdamW(model.namedParameters(), java.util.Set.of(), 0.9, 0.999, 1e-8, 0);
      UpdateStep step = new UpdateStep(model, objective, Device.CPU, optimizer, model.parameters(), 1.0, LossScaler.NONE, null);
      BadSteps bad = new BadSteps(3, out, 0, 0);
      objective.mode = "loss";
      step.accumulate(batch, 0);
      UpdateStep.Result r = step.finish(1e-3);
      assertTrue(r.bad() && r.skipReason().startsWith("non-finite loss"), r.toString());
      bad.bad(1, r.skipReason(), r.ids());
      objective.mode = "grad";
      step.accumulate(batch, 1);
      r = step.finish(1e-3);
      assertTrue(r.bad() && r.skipReason().startsWith("non-finite gradient norm"), r.toString());
      bad.bad(2, r.skipReason(), r.ids());

      assertEquals(0, optimizer.stepCount());
      assertTrue(optimizer.moments().isEmpty());
      model.namedParameters().forEach((k, v) -> {
        assertArrayEquals(before.get(k), v.toFloatArray(), k);
        assertTrue(v.grad() == null || v.grad().abs().sum().item() == 0, "gradient of " + k + " cleared");
      });
      List<String> lines = Files.readAllLines(out.resolve(BadSteps.FILE));
      assertEquals(2, lines.size());
      assertEquals(List.of("utt0", "utt1"), Json.mapper().convertValue(Json.parse(lines.get(0)).get("ids"), List.class));
      assertEquals(2, Json.parse(lines.get(1)).get("step").asInt());

      objective.mode = "none";
      step.accumulate(batch, 2);
      r = step.finish(1e-3);
      assertTrue(!r.bad() && Double.isFinite(r.loss()));
      bad.good();
      assertEquals(1, optimizer.stepCount());
      assertEquals(2, bad.total());
      assertEquals(0, bad.consecutive());
      for (int i = 0; i < 2; i++) {
        bad.bad(4 + i, "non-finite loss", List.of("u"));
      }
      TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> bad.bad(6, "non-finite loss", List.of("u")));
      assertTrue(e.getMessage().contains("3 consecutive") && e.getMessage().contains("bad_steps.jsonl"), e.getMessage());
    }
  }

  @Test
  void lossSumsFollowHfsNanFilter() {
    // steps 1, 2 log 2 and 4; step 3 is skipped: HF adds tr_loss / (1 + 2 - 0) = 6 / 3 = 2, so the log at 3 is 8 / 3
    LossTracker t = new LossTracker(0, 0, 0);
    t.add(2);
    t.add(4);
    t.addSkipped(3);
    assertEquals(8.0 / 3, t.takeLogValue(3), 1e-15);
    t.add(1);
    assertEquals(9.0 / 4, t.trainLoss(4), 1e-15);
    assertEquals(1.0, t.takeLogValue(4), 1e-15);
  }
}

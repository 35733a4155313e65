package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.engine.DType;
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
import org.rnnt4j.optim.DynamicLossScaler;
import org.rnnt4j.optim.LossScaler;

/**
 * {@code --bf16} and {@code --fp16} updates on CPU (conf/contextnet_rnnt_dummy.yaml, 32 pieces, two
 * utterances of 0.5 s of noise, seed 5): the loss falls over twelve updates on one batch as it does in
 * float32, each applied update's loss within 2% of float32's at the same number of applied updates, the
 * first not equal to it (autocast ran), weights stay float32.
 * float16 starts at GradScaler's scale 65536, at which the joint's float16 backward overflows: the first
 * updates are skipped while the scale halves, as GradScaler's are, then training proceeds. The scaler
 * skips an update whose gradients hold inf, changing nothing but its scale (halved, GradScaler's
 * backoff), and the next update goes through.
 */
class MixedPrecisionStepTest {
  private static final long SEED = 5;
  private static final int UPDATES = 12;

  /** The exact loss; on demand its backward sends inf into the encoder's gradients. */
  private static final class Overflowing implements TransducerObjective {
    final ExactObjective inner;
    boolean overflow;

    Overflowing(Transducer model) {
      inner = new ExactObjective(model.joint(), new TransducerLoss(Reduction.MEAN_BATCH, 0, -1));
    }

    @Override
    public Value compute(Encoded encoded, Tensor predicted, Targets targets, long step, double gradientScale) {
      Value v = inner.compute(encoded, predicted, targets, step, gradientScale);
      return overflow ? new Value(v.loss().mul(Double.POSITIVE_INFINITY), v.value(), Map.of()) : v;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private static Transducer model() {
    Engine.seed(SEED);
    ConfigNode conf = ConfigNode.load(Path.of("conf/contextnet_rnnt_dummy.yaml")).modelSection();
    Transducer model = Transducers.build(TransducerConfigBinder.bind(conf), 32, SEED);
    model.train(true);
    return model;
  }

  private static Batch.Host batch() {
    return SyntheticBatches.collate(SyntheticBatches.examples(new Random(SEED), 2, 8000, 32));
  }

  /** The losses of {@link #UPDATES} updates on one batch, and how many the scaler skipped. */
  private record Run(List<Double> losses, int overflows, int firstApplied, LossScaler scaler) {}

  private static Run train(MixedPrecision precision) {
    Transducer model = model();
    Batch.Host batch = batch();
    LossScaler scaler = precision.newScaler();
    List<Double> losses = new ArrayList<>();
    int overflows = 0;
    int firstApplied = -1;
    try (Overflowing objective = new Overflowing(model)) {
      AdamW optimizer = new AdamW(model.namedParameters(), java.util.Set.of(), 0.9, 0.999, 1e-8, 0);
      UpdateStep step =
          new UpdateStep(model, objective, Device.CPU, optimizer, model.parameters(), 1.0, scaler, null, precision);
      for (int i = 0; i < UPDATES; i++) {
        step.accumulate(batch, i);
        UpdateStep.Result r = step.finish(3e-3);
        assertTrue(!r.bad() && Double.isFinite(r.loss()), precision + " update " + i + ": " + r);
        losses.add(r.loss());
        overflows += r.overflow() ? 1 : 0;
        if (!r.overflow() && firstApplied < 0) {
          firstApplied = i;
        }
      }
    }
    model.namedParameters().forEach((k, v) -> assertEquals(DType.FLOAT32, v.dtype(), k + " stays float32"));
    return new Run(losses, overflows, firstApplied, scaler);
  }

  @Test
  void bf16AndFp16UpdatesTrainTheTinyModelAsFloat32Does() {
    System.out.println("seed " + SEED);
    Run fp32 = train(MixedPrecision.NO);
    for (MixedPrecision precision : List.of(MixedPrecision.BF16, MixedPrecision.FP16)) {
      Run run = train(precision);
      System.out.printf("%s: losses %s (float32 %s), %d overflows%n", precision, run.losses(), fp32.losses(), run.overflows());
      double first = run.losses().get(0);
      double reference = fp32.losses().get(0);
      assertNotEquals(reference, first, precision + ": autocast changes the forward pass's rounding");
      assertEquals(reference, first, 0.05 * reference, precision + ": the first loss is float32's within 5%");
      // a skipped update changes nothing: update k after the skipped ones sees float32's weights of update k
      for (int k = 0; k + run.overflows() < UPDATES; k++) {
        double expected = fp32.losses().get(k);
        assertEquals(expected, run.losses().get(k + run.overflows()), 0.02 * expected, precision + ": update " + k + " applied");
      }
      double last = run.losses().get(UPDATES - 1);
      assertTrue(last < 0.8 * first, precision + ": the loss falls by more than 20% (" + first + " -> " + last + ")");
      if (precision == MixedPrecision.BF16) {
        assertEquals(0, run.overflows(), "bfloat16 has no scaler and float32's range");
      } else {
        assertEquals(run.overflows(), run.firstApplied(), "the skipped updates are the first ones, while the scale settles");
        assertTrue(run.overflows() <= UPDATES / 2, run.overflows() + " skipped updates");
        assertEquals(65536.0 / (1 << run.overflows()), run.scaler().scale(), "halved once per skipped update");
      }
    }
    assertTrue(fp32.losses().get(UPDATES - 1) < 0.8 * fp32.losses().get(0), "float32 reference: " + fp32.losses());
  }

  @Test
  void fp16ScalerSkipsAnUpdateWithInfAndHalvesItsScale() {
    Transducer model = model();
    Batch.Host batch = batch();
    // a scale at which this batch's float16 backward stays finite, so that only the fed inf overflows
    DynamicLossScaler scaler = new DynamicLossScaler(new DynamicLossScaler.State(256.0, 2.0, 0.5, 2000, 0));
    Map<String, float[]> before = new LinkedHashMap<>();
    model.namedParameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
    try (Overflowing objective = new Overflowing(model)) {
      AdamW optimizer = new AdamW(model.namedParameters(), java.util.Set.of(), 0.9, 0.999, 1e-8, 0);
      UpdateStep step =
          new UpdateStep(
              model, objective, Device.CPU, optimizer, model.parameters(), 1.0, scaler, null, MixedPrecision.FP16);
      objective.overflow = true;
      step.accumulate(batch, 0);
      UpdateStep.Result r = step.finish(1e-3);
      assertTrue(r.overflow() && !r.bad(), "an overflow, not a bad step: " + r);
      assertTrue(Double.isFinite(r.loss()), "its loss was finite and is logged, as HF logs it");
      assertEquals(0, optimizer.stepCount(), "no update");
      assertEquals(new DynamicLossScaler.State(128.0, 2.0, 0.5, 2000, 0), scaler.state(), "scale halved");
      model.namedParameters().forEach((k, v) -> {
        assertArrayEquals(before.get(k), v.toFloatArray(), k);
        assertTrue(v.grad() == null || v.grad().abs().sum().item() == 0, "gradient of " + k + " cleared");
      });

      objective.overflow = false;
      step.accumulate(batch, 1);
      r = step.finish(1e-3);
      assertTrue(!r.overflow() && !r.bad() && Double.isFinite(r.gradNorm()), r.toString());
      assertEquals(1, optimizer.stepCount());
      assertEquals(new DynamicLossScaler.State(128.0, 2.0, 0.5, 2000, 1), scaler.state(), "one good update");
    }
  }

  @Test
  void onlyFp16ScalesTheLoss() {
    assertSame(LossScaler.NONE, MixedPrecision.NO.newScaler());
    assertSame(LossScaler.NONE, MixedPrecision.BF16.newScaler());
    assertEquals(65536.0, MixedPrecision.FP16.newScaler().scale());
    assertEquals(MixedPrecision.BF16, MixedPrecision.of(true, false));
    assertEquals(MixedPrecision.NO, MixedPrecision.of(false, false));
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> MixedPrecision.of(true, true));
    assertTrue(e.getMessage().contains("--bf16 and --fp16"), e.getMessage());
  }
}

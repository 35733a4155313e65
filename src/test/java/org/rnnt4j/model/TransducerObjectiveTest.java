package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.LossBackendChoice;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.model.joint.JointNetwork;
import org.rnnt4j.model.joint.SimpleJoiner;
import org.rnnt4j.nn.Linear;

/**
 * The three training objectives against the unfused step of the foundation ({@code model.join} then
 * {@link TransducerLoss#compute} and one backward) on a small random model: an encoder stand-in and
 * a prediction stand-in (linear layers, so parameter gradients flow through the objectives' cut)
 * and a NeMo joint. Fused sub-batches give the same loss and parameter gradients (1e-5 relative)
 * for every reduction; the pruned loss is the exact loss when its range covers every label position.
 */
class TransducerObjectiveTest {
  private static final int B = 5;
  private static final int T = 7;
  private static final int U = 4;
  private static final int H_ENC = 6;
  private static final int H_PRED = 5;
  private static final int CLASSES = 9; // V, the blank last (id 8)
  private static final long[] LABELS = {
    1, 2, 3, 4, 0, 2, 0, 0, 7, 7, 7, 7, 5, 0, 0, 0, 3, 1, 0, 0
  };

  /** The random model and batch, rebuilt identically from one seed. */
  private static final class Fixture {
    final Linear encoderStandIn = new Linear(3, H_ENC, true);
    final Linear predictionStandIn = new Linear(2, H_PRED, true);
    final JointNetwork joint = new JointNetwork(H_ENC, H_PRED, 8, CLASSES, 0.0);
    final Tensor features = Tensor.randn(B, T, 3);
    final Tensor context = Tensor.randn(B, U + 1, 2);
    final Tensor frames;
    final Tensor labelLengths;

    Fixture(long[] frameCounts, long[] labelCounts) {
      frames = Tensor.ofLongs(frameCounts, B);
      labelLengths = Tensor.ofLongs(labelCounts, B);
    }

    Encoded encoded() {
      return new Encoded(encoderStandIn.forward(features).transpose(1, 2), frames); // (B, H, T)
    }

    Tensor predicted() {
      return predictionStandIn.forward(context).transpose(1, 2); // (B, H_pred, U+1)
    }

    Targets targets() {
      return new Targets(Tensor.ofLongs(LABELS, B, U), labelLengths);
    }

    Map<String, Tensor> parameters() {
      Map<String, Tensor> all = new LinkedHashMap<>();
      encoderStandIn.namedParameters().forEach((k, v) -> all.put("enc." + k, v));
      predictionStandIn.namedParameters().forEach((k, v) -> all.put("pred." + k, v));
      joint.namedParameters().forEach((k, v) -> all.put("joint." + k, v));
      return all;
    }

    /** The foundation's step: full joint, surrogate loss, one backward. */
    double referenceStep(Reduction reduction) {
      try (TransducerLoss loss = new TransducerLoss(reduction, 0, -1)) {
        Encoded e = encoded();
        Tensor logits = joint.forward(e.values(), predicted()); // (B, T, U+1, V)
        TransducerLoss.Value v = loss.compute(logits, targets().labels(), frames, labelLengths);
        v.loss().backward();
        return v.value();
      }
    }

    double objectiveStep(TransducerObjective objective, long step) {
      TransducerObjective.Value v = objective.compute(encoded(), predicted(), targets(), step);
      assertEquals(v.value(), v.loss().item(), 1e-6 * Math.abs(v.value()), "loss tensor value");
      v.loss().backward();
      return v.value();
    }

    Map<String, float[]> takeGradients() {
      Map<String, float[]> out = new LinkedHashMap<>();
      parameters()
          .forEach(
              (k, v) -> {
                out.put(k, v.grad() == null ? null : v.grad().toFloatArray());
                v.clearGrad();
              });
      return out;
    }
  }

  private static final long[] FRAMES = {7, 5, 3, 7, 6};
  private static final long[] LENGTHS = {4, 1, 0, 2, 3};
  private static final long[] LENGTHS_NONZERO = {4, 1, 1, 2, 3}; // "mean" divides by U_b

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mean_batch", "sum", "mean", "mean_volume"})
  void fusedSubBatchesGiveTheUnfusedLossAndGradients(String reductionName) {
    Reduction reduction = Reduction.fromNemoName(reductionName);
    long[] lengths = reduction == Reduction.MEAN ? LENGTHS_NONZERO : LENGTHS;
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(11);
      Fixture f = new Fixture(FRAMES, lengths);
      double expected = f.referenceStep(reduction);
      Map<String, float[]> expectedGradients = f.takeGradients();
      for (int n = 0; n <= 5; n++) { // 0: ExactObjective, else FusedBatchObjective(n)
        TransducerLoss loss = new TransducerLoss(reduction, 0, -1);
        try (TransducerObjective objective =
            n == 0 ? new ExactObjective(f.joint, loss) : new FusedBatchObjective(f.joint, loss, n)) {
          double actual = f.objectiveStep(objective, 0);
          String what = reductionName + (n == 0 ? " exact" : " fused N=" + n);
          assertEquals(expected, actual, 1e-6 * Math.abs(expected), what + ": loss");
          assertSameGradients(expectedGradients, f.takeGradients(), 1e-5, what);
        }
      }
    }
  }

  /**
   * The same training step with the loss on the Java kernel and on the tensor-ops backend (both
   * forced, on the CPU): the losses and every parameter gradient agree to 1e-5, for the exact, the
   * fused (N = 2) and the pruned (S = 2, past and during warm-up) objectives, with FastEmit and a
   * clamp in the exact ones.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"exact", "fused", "pruned"})
  void bothLossBackendsGiveTheSameTrainingStep(String kind) {
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(15);
      Fixture f = new Fixture(FRAMES, LENGTHS);
      SimpleJoiner simple = new SimpleJoiner(H_ENC, H_PRED, CLASSES);
      double[] values = new double[2];
      List<Map<String, float[]>> gradients = new ArrayList<>();
      for (LossBackendChoice backend :
          List.of(LossBackendChoice.JAVA_KERNEL, LossBackendChoice.TENSOR_OPS)) {
        double lambda = kind.equals("pruned") ? 0 : 0.01;
        double clamp = kind.equals("pruned") ? -1 : 0.3;
        TransducerLoss loss = new TransducerLoss(Reduction.MEAN_VOLUME, lambda, clamp, backend);
        try (TransducerObjective objective =
            switch (kind) {
              case "exact" -> new ExactObjective(f.joint, loss);
              case "fused" -> new FusedBatchObjective(f.joint, loss, 2);
              default ->
                  new PrunedObjective(
                      f.joint, simple, loss, new PruningOptions(2, 0.5, 10, 0.25, 0.0));
            }) {
          double value = f.objectiveStep(objective, 4);
          values[gradients.size()] = value;
          Map<String, float[]> g = f.takeGradients();
          if (kind.equals("pruned")) {
            simple.namedParameters().forEach((k, v) -> {
              g.put("simple." + k, v.grad() == null ? null : v.grad().toFloatArray());
              v.clearGrad();
            });
          }
          gradients.add(g);
        }
      }
      assertEquals(values[0], values[1], 1e-6 * Math.abs(values[0]), kind + ": loss");
      assertSameGradients(gradients.get(0), gradients.get(1), 1e-5, kind + " java vs tensor_ops");
    }
  }

  @Test
  void prunedEqualsExactWhenTheRangeCoversEveryLabelPosition() {
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(12);
      Fixture f = new Fixture(FRAMES, LENGTHS);
      double expected = f.referenceStep(Reduction.MEAN_BATCH);
      Map<String, float[]> expectedGradients = f.takeGradients();
      // S = U + 1 = 5 and beyond; no simple loss in the objective, no warm-up: pure pruned loss.
      for (int S : new int[] {5, 9}) {
        SimpleJoiner simple = new SimpleJoiner(H_ENC, H_PRED, CLASSES);
        PruningOptions options = new PruningOptions(S, 0.0, 0, 0.25, 0.0);
        try (PrunedObjective objective =
            new PrunedObjective(
                f.joint, simple, new TransducerLoss(Reduction.MEAN_BATCH, 0, -1), options)) {
          TransducerObjective.Value v =
              objective.compute(f.encoded(), f.predicted(), f.targets(), 100);
          assertEquals(5.0, v.parts().get("prune_range"), "S > U is lowered to U+1");
          assertEquals(expected, v.value(), 1e-6 * expected, "S=" + S + ": loss");
          assertEquals(expected, v.parts().get("pruned_loss"), 1e-6 * expected);
          v.loss().backward();
          assertSameGradients(expectedGradients, f.takeGradients(), 1e-5, "S=" + S);
          simple.namedParameters().values().forEach(p -> assertNull(p.grad(), "scale 0"));
        }
      }
    }
  }

  /** The pruned joint run one utterance at a time gives the whole batch's losses and gradients. */
  @Test
  void prunedJointInChunksEqualsTheWholeBatch() {
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(15);
      Fixture f = new Fixture(FRAMES, LENGTHS);
      SimpleJoiner simple = new SimpleJoiner(H_ENC, H_PRED, CLASSES);
      PruningOptions options = new PruningOptions(2, 0.5, 0, 0.25, 0.0);
      double[] values = new double[2];
      List<Map<String, float[]>> gradients = new java.util.ArrayList<>();
      long[] budgets = {PrunedObjective.CHUNK_LOGIT_BYTES, 1};
      for (int i = 0; i < 2; i++) {
        assertEquals(i == 0 ? B : 1, PrunedObjective.chunkUtterances(B, T, 2, CLASSES, budgets[i]));
        try (PrunedObjective objective =
            new PrunedObjective(
                f.joint, simple, new TransducerLoss(Reduction.MEAN_BATCH, 0, -1), options, budgets[i])) {
          TransducerObjective.Value v = objective.compute(f.encoded(), f.predicted(), f.targets(), 100);
          values[i] = v.value();
          v.loss().backward();
          Map<String, float[]> g = f.takeGradients();
          simple.namedParameters().forEach((k, p) -> {
            g.put("simple." + k, p.grad().toFloatArray());
            p.clearGrad();
          });
          gradients.add(g);
        }
      }
      assertEquals(values[0], values[1], 1e-9 * values[0], "loss");
      assertSameGradients(gradients.get(0), gradients.get(1), 1e-6, "chunks of one utterance");
    }
  }

  @Test
  void prunedLossTrainsBothPartsWithTheWarmUpScales() {
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(13);
      Fixture f = new Fixture(FRAMES, LENGTHS);
      SimpleJoiner simple = new SimpleJoiner(H_ENC, H_PRED, CLASSES);
      PruningOptions options = new PruningOptions(2, 0.5, 10, 0.25, 0.0);
      try (PrunedObjective objective =
          new PrunedObjective(
              f.joint, simple, new TransducerLoss(Reduction.MEAN_BATCH, 0, -1), options)) {
        assertEquals(objective.parameters().keySet(), simple.namedParameters().keySet());
        TransducerObjective.Value v =
            objective.compute(f.encoded(), f.predicted(), f.targets(), 5); // half-way
        double simpleLoss = v.parts().get("simple_loss");
        double prunedLoss = v.parts().get("pruned_loss");
        assertEquals(0.75 * simpleLoss + 0.55 * prunedLoss, v.value(), 1e-9 * v.value());
        assertEquals(2.0, v.parts().get("prune_range"));
        v.loss().backward();
        for (Tensor p : simple.namedParameters().values()) {
          assertTrue(p.grad() != null && p.grad().abs().sum().item() > 0, "simple joiner trained");
        }
        double referenceExact = f.referenceStep(Reduction.MEAN_BATCH);
        assertTrue(prunedLoss >= referenceExact - 1e-6, "pruning removes paths: loss >= exact");
      }
    }
  }

  @Test
  void prunedEdgeCases() {
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(14);
      // U = 0 for every utterance: k2 refuses (S >= 2); here one position is the whole lattice.
      Fixture empty = new Fixture(FRAMES, new long[] {0, 0, 0, 0, 0});
      double expected = empty.referenceStep(Reduction.SUM);
      empty.takeGradients();
      assertEquals(expected, prunedValue(empty, 1, Reduction.SUM), 1e-6 * expected, "U = 0");
      // T_b < U_b and T < S: 4 labels in 2 frames need 3 positions per frame; S = 2 is raised.
      Fixture shortT = new Fixture(new long[] {2, 1, 2, 2, 2}, new long[] {4, 1, 0, 2, 3});
      TransducerObjective.Value v = prunedRun(shortT, 2, Reduction.SUM);
      assertEquals(3.0, v.parts().get("prune_range"), "raised to ceil(U_b / T_b) + 1");
      assertTrue(Double.isFinite(v.value()), "a path survives pruning");
      double exact = shortT.referenceStep(Reduction.SUM);
      assertTrue(v.parts().get("pruned_loss") >= exact - 1e-5, "pruned >= exact");
      // S < 1 is refused when the options are made.
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new PruningOptions(0, 0.5, 0, 0, 0));
      assertTrue(e.getMessage().contains("--prune_range"), e.getMessage());
    }
  }

  @Test
  void warmUpScalesFollowIcefall() {
    PruningOptions options = new PruningOptions(5, 0.5, 2000, 0.25, 0);
    assertEquals(1.0, options.simpleScale(0));
    assertEquals(0.1, options.prunedScale(0), 1e-12);
    assertEquals(0.75, options.simpleScale(1000), 1e-12);
    assertEquals(0.55, options.prunedScale(1000), 1e-12);
    assertEquals(0.5, options.simpleScale(2000));
    assertEquals(1.0, options.prunedScale(5000));
    PruningOptions none = new PruningOptions(5, 0.5, 0, 0.25, 0);
    assertEquals(0.5, none.simpleScale(0));
    assertEquals(1.0, none.prunedScale(0));
    assertEquals(LossKind.PRUNED, LossKind.parse("pruned"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> LossKind.parse("full"))
            .getMessage()
            .contains("exact, pruned"));
  }

  private static double prunedValue(Fixture f, int S, Reduction reduction) {
    TransducerObjective.Value v = prunedRun(f, S, reduction);
    v.loss().backward();
    f.takeGradients();
    return v.value();
  }

  private static TransducerObjective.Value prunedRun(Fixture f, int S, Reduction reduction) {
    Supplier<PrunedObjective> make =
        () ->
            new PrunedObjective(
                f.joint, new SimpleJoiner(H_ENC, H_PRED, CLASSES),
                new TransducerLoss(reduction, 0, -1), new PruningOptions(S, 0.0, 0, 0.0, 0.0));
    try (PrunedObjective objective = make.get()) {
      return objective.compute(f.encoded(), f.predicted(), f.targets(), 0);
    }
  }

  private static void assertSameGradients(
      Map<String, float[]> expected, Map<String, float[]> actual, double tolerance, String what) {
    assertEquals(expected.keySet(), actual.keySet());
    double worst = 0;
    for (String name : expected.keySet()) {
      float[] e = expected.get(name);
      float[] a = actual.get(name);
      assertTrue(e != null && a != null, what + ": " + name + " has a gradient");
      double maxDiff = 0;
      double maxRef = 0;
      for (int i = 0; i < e.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - e[i]));
        maxRef = Math.max(maxRef, Math.abs(e[i]));
      }
      assertTrue(
          maxDiff <= tolerance * maxRef,
          what + ": " + name + " gradient max|a-b|/max|b| = " + maxDiff / maxRef);
      worst = Math.max(worst, maxDiff / maxRef);
    }
    System.out.printf("%-24s worst parameter-gradient max|a-b|/max|b| %.1e%n", what, worst);
  }
}

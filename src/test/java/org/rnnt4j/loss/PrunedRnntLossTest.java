package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pruned lattice (k2's {@code rnnt_loss_pruned}) on the exact kernel: with a window covering
 * every label position it is the exact loss bit for bit; with narrower windows it matches {@link
 * NaiveTransducer} restricted to the kept cells; and ranges that leave no path are refused.
 */
class PrunedRnntLossTest {
  private static final long SEED = 20251127L;

  @Test
  void fullWindowIsTheExactLossBitForBit() {
    RnntInputs exact = RandomBatch.create(new Random(SEED), 4, 9, 5, 13, 12, 2f);
    PrunedRnntInputs pruned = prune(exact, PruneRanges.full(4, 9, 6));
    double[] weights = {0.5, 1, -2, 0.25};
    RnntLossOptions options =
        RnntLossOptions.defaults().withThreads(2).withFastemitLambda(0.01).withClamp(0.5);
    try (RnntLoss loss = new RnntLoss(options)) {
      FloatBuffer exactGradient = FloatBuffer.allocate(exact.logitCount());
      FloatBuffer prunedGradient = FloatBuffer.allocate(pruned.logitCount());
      LossResult expected = loss.lossAndGradient(exact, weights, exactGradient);
      LossResult actual = loss.lossAndGradient(pruned, weights, prunedGradient);
      assertEquals(expected, actual);
      assertArrayEquals(exactGradient.array(), prunedGradient.array());
      assertArrayEquals(loss.losses(exact), loss.losses(pruned));
    }
  }

  @Test
  void narrowWindowsMatchTheNaiveLossOnTheKeptCells() {
    System.out.println("PrunedRnntLossTest seed = " + SEED);
    Random random = new Random(SEED + 1);
    for (int width = 1; width <= 4; width++) {
      RnntInputs exact = RandomBatch.create(random, 3, 8, 6, 11, 10, 1.5f);
      int S = PruneRanges.effectiveWidth(width, 6, exact.logitLengths(), exact.targetLengths());
      PruneRanges ranges =
          PruneRanges.fromPosteriors(
              LatticeRecursionTest.posteriorsOf(exact), width, exact.logitLengths(),
              exact.targetLengths());
      assertEquals(S, ranges.width(), "width " + width);
      PrunedRnntInputs pruned = prune(exact, ranges);
      double[] weights = {1, 0.5, 2};
      try (RnntLoss loss = new RnntLoss(RnntLossOptions.defaults().withThreads(2))) {
        FloatBuffer gradient = FloatBuffer.allocate(pruned.logitCount());
        LossResult result = loss.lossAndGradient(pruned, weights, gradient);
        for (int b = 0; b < 3; b++) {
          int Tb = exact.logitLengths()[b];
          int Ub = exact.targetLengths()[b];
          boolean[][] kept = new boolean[Tb][Ub + 1];
          for (int t = 0; t < Tb; t++) {
            for (int s = 0; s < S; s++) {
              int u = ranges.start(b, t) + s;
              if (u <= Ub) {
                kept[t][u] = true;
              }
            }
          }
          NaiveTransducer.Result naive =
              NaiveTransducer.compute(
                  RandomBatch.utteranceLogits(exact, b), RandomBatch.utteranceLabels(exact, b),
                  10, 0, 0, kept);
          assertEquals(naive.loss(), result.perUtterance()[b], 1e-9 * naive.loss(), "S=" + S);
          double maxDiff = 0;
          double maxRef = 0;
          for (int t = 0; t < 8; t++) {
            for (int s = 0; s < S; s++) {
              int u = ranges.start(b, t) + s;
              for (int k = 0; k < 11; k++) {
                float actual = gradient.get((((b * 8 + t) * S) + s) * 11 + k);
                double expected =
                    t < Tb && u <= Ub ? weights[b] * naive.gradient()[t][u][k] : 0;
                maxDiff = Math.max(maxDiff, Math.abs(actual - expected));
                maxRef = Math.max(maxRef, Math.abs(expected));
              }
            }
          }
          assertTrue(maxDiff <= 1e-6 * maxRef, "S=" + S + " b=" + b + ": " + maxDiff / maxRef);
        }
        // Fewer paths: never a smaller loss than the exact one.
        double[] exactLosses = loss.losses(exact);
        for (int b = 0; b < 3; b++) {
          assertTrue(result.perUtterance()[b] >= exactLosses[b] - 1e-9, "pruned >= exact");
        }
      }
    }
  }

  @Test
  void rangesWithoutAPathAreRefused() {
    RnntInputs exact = RandomBatch.create(new Random(SEED + 2), 1, 4, 3, 7, 6, 1f);
    int[] frames = exact.logitLengths();
    java.util.Arrays.fill(frames, 4);
    int[] lengths = {3};
    RnntInputs in =
        new RnntInputs(exact.logits(), 1, 4, 3, 7, exact.targets(), frames, lengths);
    // Starts at 1: the first cell (0, 0) is cut off.
    PruneRanges late = new PruneRanges(1, 4, 2, new int[] {1, 1, 2, 2});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> prune(in, late));
    assertTrue(e.getMessage().contains("leave no path"), e.getMessage());
    // Advancing by S = 2 skips position 1.
    PruneRanges skip = new PruneRanges(1, 4, 2, new int[] {0, 2, 2, 2});
    assertThrows(IllegalArgumentException.class, () -> prune(in, skip));
    // The last window [1, 2] misses U_b = 3.
    PruneRanges shortEnd = new PruneRanges(1, 4, 2, new int[] {0, 0, 1, 1});
    e = assertThrows(IllegalArgumentException.class, () -> prune(in, shortEnd));
    assertTrue(e.getMessage().contains("misses U_b = 3"), e.getMessage());
    // Wider than U+1.
    assertThrows(
        IllegalArgumentException.class, () -> prune(in, PruneRanges.full(1, 4, 5)));
  }

  /** The rows of the exact logits that the ranges keep, (B, T, S, V). */
  static PrunedRnntInputs prune(RnntInputs in, PruneRanges ranges) {
    int B = in.batchSize();
    int T = in.maxFrames();
    int U1 = in.maxTargetLength() + 1;
    int V = in.vocabSize();
    int S = Math.min(ranges.width(), U1);
    float[] out = new float[B * T * ranges.width() * V];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        for (int s = 0; s < S; s++) {
          int u = Math.min(ranges.start(b, t) + s, U1 - 1);
          for (int k = 0; k < V; k++) {
            out[((b * T + t) * ranges.width() + s) * V + k] =
                in.logits().get(((b * T + t) * U1 + u) * V + k);
          }
        }
      }
    }
    return new PrunedRnntInputs(
        FloatBuffer.wrap(out), in.maxTargetLength(), V, in.targets(), in.logitLengths(),
        in.targetLengths(), ranges);
  }
}

package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;

/**
 * The simple joiner's loss (k2's rnnt_loss_simple / rnnt_loss_smoothed): without smoothing it is the
 * exact loss on the materialised logits {@code am(t) + lm(u)}, values and gradients; with smoothing
 * it matches k2's formulas computed the long way in double.
 */
class SimpleTransducerLossTest {
  private static final int B = 3;
  private static final int T = 6;
  private static final int U = 4;
  private static final int V = 7;
  private static final int[] FRAMES = {6, 3, 5};
  private static final int[] LENGTHS = {4, 0, 2};
  private static final long[] TARGETS = {1, 2, 3, 0, 9, 9, 9, 9, 5, 4, 0, 0}; // 9: padding

  @Test
  void withoutSmoothingItIsTheExactLossOfTheAddedLogits() {
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(7);
      Tensor am = Tensor.randn(B, T, V).mul(2).requiresGrad(true);
      Tensor lm = Tensor.randn(B, U + 1, V).mul(2).requiresGrad(true);
      Tensor targets = Tensor.ofLongs(TARGETS, B, U);
      double[] weights = {1.0 / 3, 1.0 / 3, 1.0 / 3};

      SimpleTransducerLoss.Value simple =
          new SimpleTransducerLoss(0, 0).compute(am, lm, targets, FRAMES, LENGTHS);
      simple.backward(weights);
      float[] amGrad = am.grad().toFloatArray();
      float[] lmGrad = lm.grad().toFloatArray();
      am.clearGrad();
      lm.clearGrad();

      Tensor logits = am.unsqueeze(2).add(lm.unsqueeze(1)); // (B, T, U+1, V)
      try (TransducerLoss exact = new TransducerLoss(Reduction.MEAN_BATCH, 0, -1)) {
        TransducerLoss.Value v =
            exact.compute(
                logits, targets, Tensor.ofLongs(new long[] {6, 3, 5}, B),
                Tensor.ofLongs(new long[] {4, 0, 2}, B));
        for (int b = 0; b < B; b++) {
          assertEquals(v.perUtterance()[b], simple.perUtterance()[b], 1e-5 * v.perUtterance()[b]);
        }
        v.loss().backward();
      }
      assertClose(am.grad().toFloatArray(), amGrad, 1e-5, "d/d am");
      assertClose(lm.grad().toFloatArray(), lmGrad, 1e-5, "d/d lm");
    }
  }

  @Test
  void smoothingFollowsK2() {
    double lmScale = 0.25;
    double amScale = 0.1;
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(8);
      Tensor am = Tensor.randn(B, T, V);
      Tensor lm = Tensor.randn(B, U + 1, V);
      SimpleTransducerLoss.Value simple =
          new SimpleTransducerLoss(lmScale, amScale)
              .compute(am, lm, Tensor.ofLongs(TARGETS, B, U), FRAMES, LENGTHS);
      double[][][] a = reshape(am.toFloatArray(), B, T, V);
      double[][][] l = reshape(lm.toFloatArray(), B, U + 1, V);
      // k2's unigram: the mean over every (b, u), padding included, of softmax(lm).
      double[] unigram = new double[V];
      for (int b = 0; b < B; b++) {
        for (int u = 0; u <= U; u++) {
          double[] p = softmax(l[b][u]);
          for (int k = 0; k < V; k++) {
            unigram[k] += p[k] / (B * (U + 1));
          }
        }
      }
      double[] blank = new double[B * T * (U + 1)];
      double[] label = new double[blank.length];
      for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
          double amOnlyNorm = 0;
          for (int k = 0; k < V; k++) {
            amOnlyNorm += Math.exp(a[b][t][k]) * unigram[k];
          }
          for (int u = 0; u <= U; u++) {
            double[] combined = new double[V];
            for (int k = 0; k < V; k++) {
              combined[k] = a[b][t][k] + l[b][u][k];
            }
            double[] lpCombined = NaiveTransducer.logSoftmax(combined);
            double[] lpLm = NaiveTransducer.logSoftmax(l[b][u]);
            int cell = (b * T + t) * (U + 1) + u;
            blank[cell] = mix(lpCombined, lpLm, a[b][t], unigram, amOnlyNorm, V - 1, lmScale, amScale);
            if (u < LENGTHS[b]) {
              int y = (int) TARGETS[b * U + u];
              label[cell] = mix(lpCombined, lpLm, a[b][t], unigram, amOnlyNorm, y, lmScale, amScale);
            }
          }
        }
      }
      EdgePosteriors expected = LatticeRecursion.compute(blank, label, T, U, FRAMES, LENGTHS);
      for (int b = 0; b < B; b++) {
        double want = -expected.logLikelihood()[b];
        assertEquals(want, simple.perUtterance()[b], 2e-5 * Math.abs(want), "utterance " + b);
      }
    }
  }

  private static double mix(
      double[] lpCombined, double[] lpLm, double[] am, double[] unigram, double amOnlyNorm,
      int k, double lmScale, double amScale) {
    double amOnly = am[k] + Math.log(unigram[k]) - Math.log(amOnlyNorm);
    return (1 - lmScale - amScale) * lpCombined[k] + lmScale * lpLm[k] + amScale * amOnly;
  }

  private static double[] softmax(double[] x) {
    double[] lp = NaiveTransducer.logSoftmax(x);
    for (int i = 0; i < lp.length; i++) {
      lp[i] = Math.exp(lp[i]);
    }
    return lp;
  }

  private static double[][][] reshape(float[] v, int d0, int d1, int d2) {
    double[][][] out = new double[d0][d1][d2];
    for (int i = 0; i < d0; i++) {
      for (int j = 0; j < d1; j++) {
        for (int k = 0; k < d2; k++) {
          out[i][j][k] = v[(i * d1 + j) * d2 + k];
        }
      }
    }
    return out;
  }

  static void assertClose(float[] actual, float[] expected, double tolerance, String what) {
    double error = GoldenMath.relativeError(actual, expected);
    assertTrue(error <= tolerance, what + ": max|a-b|/max|b| = " + error);
  }
}

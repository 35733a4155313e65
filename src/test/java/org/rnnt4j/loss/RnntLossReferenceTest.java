package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused loss against {@link NaiveTransducer} on seeded random small shapes, and the reference
 * itself.
 */
class RnntLossReferenceTest {
  private static final long SEED = Long.getLong("rnnt4j.test.seed", 0x5EED_2025L);

  @Test
  void matchesTheNaiveReferenceOnRandomShapes() {
    System.out.println(
        "RnntLossReferenceTest seed = " + SEED + " (rerun with -Drnnt4j.test.seed=...)");
    Random random = new Random(SEED);
    double worstLoss = 0;
    double worstGradient = 0;
    for (int trial = 0; trial < 60; trial++) {
      int B = 1 + random.nextInt(3);
      int T = 1 + random.nextInt(6);
      int U = random.nextInt(5);
      int V = 2 + random.nextInt(8);
      int blank = random.nextBoolean() ? V - 1 : random.nextInt(V);
      double lambda = random.nextBoolean() ? 0 : 0.5 * random.nextDouble();
      double clamp = random.nextBoolean() ? -1 : 0.02 + 0.3 * random.nextDouble();
      float scale = random.nextBoolean() ? 1f : 4f;
      RnntInputs in = RandomBatch.create(random, B, T, U, V, blank, scale);
      double[] weights = new double[B];
      for (int b = 0; b < B; b++) {
        weights[b] = random.nextDouble() * 4 - 1; // negative upstream gradients happen too
      }
      String what =
          String.format(
              "trial %d: B=%d T=%d U=%d V=%d blank=%d lambda=%.3f clamp=%.3f %s",
              trial, B, T, U, V, blank, lambda, clamp, in);

      FloatBuffer gradient = FloatBuffer.allocate(in.logitCount());
      LossResult result;
      RnntLossOptions options = new RnntLossOptions(blank, lambda, clamp, 2);
      try (RnntLoss loss = new RnntLoss(options)) {
        result = loss.lossAndGradient(in, weights, gradient);
      }

      float[] expected = new float[in.logitCount()];
      double expectedValue = 0;
      int U1 = U + 1;
      for (int b = 0; b < B; b++) {
        NaiveTransducer.Result ref =
            NaiveTransducer.compute(
                RandomBatch.utteranceLogits(in, b),
                RandomBatch.utteranceLabels(in, b),
                blank,
                lambda,
                clamp);
        double relative = Math.abs(result.perUtterance()[b] - ref.loss()) / Math.abs(ref.loss());
        worstLoss = Math.max(worstLoss, relative);
        assertTrue(
            relative < 1e-9,
            what + ": loss " + result.perUtterance()[b] + " vs reference " + ref.loss());
        expectedValue += weights[b] * ref.loss();
        for (int t = 0; t < ref.gradient().length; t++) {
          for (int u = 0; u < ref.gradient()[t].length; u++) {
            for (int k = 0; k < V; k++) {
              expected[((b * T + t) * U1 + u) * V + k] =
                  (float) (weights[b] * ref.gradient()[t][u][k]);
            }
          }
        }
      }
      assertEquals(
          expectedValue, result.value(), 1e-9 * Math.max(1, Math.abs(expectedValue)), what);
      double error = GoldenMath.relativeError(toArray(gradient), expected);
      worstGradient = Math.max(worstGradient, error);
      assertTrue(error <= 1e-5, what + ": gradient relative error " + error);
    }
    System.out.printf(
        "reference comparison: worst loss rel. error %.2e, worst gradient max|a-b|/max|b| %.2e%n",
        worstLoss, worstGradient);
  }

  @Test
  void referenceGradientMatchesCentralDifferences() {
    Random random = new Random(SEED + 1);
    for (int trial = 0; trial < 5; trial++) {
      int T = 1 + random.nextInt(4);
      int U = random.nextInt(4);
      int V = 2 + random.nextInt(5);
      RnntInputs in = RandomBatch.create(random, 1, T, U, V, V - 1, 1f);
      double[][][] x = RandomBatch.utteranceLogits(in, 0);
      int[] labels = RandomBatch.utteranceLabels(in, 0);
      double[][][] analytic = NaiveTransducer.compute(x, labels, V - 1, 0, 0).gradient();
      double h = 1e-5;
      for (int t = 0; t < x.length; t++) {
        for (int u = 0; u < x[t].length; u++) {
          for (int k = 0; k < V; k++) {
            double keep = x[t][u][k];
            x[t][u][k] = keep + h;
            double up = NaiveTransducer.negativeLogLikelihood(x, labels, V - 1);
            x[t][u][k] = keep - h;
            double down = NaiveTransducer.negativeLogLikelihood(x, labels, V - 1);
            x[t][u][k] = keep;
            assertEquals(
                (up - down) / (2 * h),
                analytic[t][u][k],
                1e-7,
                "d/dx[" + t + "][" + u + "][" + k + "]");
          }
        }
      }
    }
  }

  /**
   * Hand-computable: with all-zero logits every class has probability 1/V, every alignment has T+U
   * steps, and there are C(T-1+U, U) alignments, so {@code L = (T+U) log V - log C(T-1+U, U)}.
   */
  @Test
  void uniformLogitsGiveTheCountingLoss() {
    int B = 3;
    int T = 5;
    int U = 3;
    int V = 4;
    int[] logitLengths = {5, 1, 3};
    int[] targetLengths = {3, 2, 0};
    RnntInputs in =
        new RnntInputs(
            FloatBuffer.allocate(B * T * (U + 1) * V),
            B,
            T,
            U,
            V,
            new int[] {0, 1, 2, 2, 2, 0, 1, 1, 1},
            logitLengths,
            targetLengths);
    try (RnntLoss loss = new RnntLoss(RnntLossOptions.defaults().withThreads(1))) {
      double[] losses = loss.losses(in);
      for (int b = 0; b < B; b++) {
        int Tb = logitLengths[b];
        int Ub = targetLengths[b];
        double expected = (Tb + Ub) * Math.log(V) - Math.log(binomial(Tb - 1 + Ub, Ub));
        assertEquals(expected, losses[b], 1e-12, "utterance " + b);
      }
    }
  }

  private static double binomial(int n, int k) {
    double c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (n - k + i) / i;
    }
    return c;
  }

  private static float[] toArray(FloatBuffer buffer) {
    float[] out = new float[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}

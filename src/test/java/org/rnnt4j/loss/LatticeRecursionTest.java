package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forward-backward on given edge log-probabilities (k2's mutual_information_recursion): its
 * log-likelihood is the exact loss's, and its posteriors obey the lattice's conservation laws.
 */
class LatticeRecursionTest {
  private static final long SEED = 20251128L;

  @Test
  void logLikelihoodIsTheExactLossAndPosteriorsAreConserved() {
    RnntInputs in = RandomBatch.create(new Random(SEED), 4, 7, 5, 9, 8, 2f);
    EdgePosteriors p = posteriorsOf(in);
    double[] losses;
    try (RnntLoss loss = new RnntLoss(RnntLossOptions.defaults().withThreads(1))) {
      losses = loss.losses(in);
    }
    for (int b = 0; b < 4; b++) {
      assertEquals(losses[b], -p.logLikelihood()[b], 1e-12 * losses[b], "utterance " + b);
      int Tb = in.logitLengths()[b];
      int Ub = in.targetLengths()[b];
      // Every path leaves each frame by exactly one blank ...
      for (int t = 0; t < Tb; t++) {
        double blanks = 0;
        for (int u = 0; u <= Ub; u++) {
          blanks += p.blank()[p.cell(b, t, u)];
        }
        assertEquals(1, blanks, 1e-9, "blank mass of frame " + t);
      }
      // ... and emits each label exactly once.
      for (int u = 0; u < Ub; u++) {
        double labels = 0;
        for (int t = 0; t < Tb; t++) {
          labels += p.label()[p.cell(b, t, u)];
        }
        assertEquals(1, labels, 1e-9, "label mass of position " + u);
      }
    }
  }

  @Test
  void checksShapes() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LatticeRecursion.compute(new double[6], new double[5], 3, 1, new int[] {3}, new int[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> LatticeRecursion.compute(new double[6], new double[6], 3, 1, new int[] {4}, new int[] {1}));
  }

  /** The exact lattice's edge posteriors, from log-softmax done the long way. */
  static EdgePosteriors posteriorsOf(RnntInputs in) {
    int B = in.batchSize();
    int T = in.maxFrames();
    int U = in.maxTargetLength();
    int V = in.vocabSize();
    double[] blank = new double[B * T * (U + 1)];
    double[] label = new double[blank.length];
    for (int b = 0; b < B; b++) {
      double[][][] logits = RandomBatch.utteranceLogits(in, b);
      int[] labels = RandomBatch.utteranceLabels(in, b);
      for (int t = 0; t < logits.length; t++) {
        for (int u = 0; u < logits[t].length; u++) {
          double[] lp = NaiveTransducer.logSoftmax(logits[t][u]);
          int cell = (b * T + t) * (U + 1) + u;
          blank[cell] = lp[V - 1];
          label[cell] = u < labels.length ? lp[labels[u]] : 0;
        }
      }
    }
    return LatticeRecursion.compute(blank, label, T, U, in.logitLengths(), in.targetLengths());
  }
}

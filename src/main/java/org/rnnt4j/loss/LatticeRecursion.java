package org.rnnt4j.loss;

import org.rnnt4j.util.Checks;

/**
 * The RNN-T forward-backward on edge log-probabilities that are already known, with no logits
 * behind them: k2's {@code mutual_information_recursion} for the regular transducer, which {@code
 * rnnt_loss_simple} / {@code rnnt_loss_smoothed} run on the "simple" joiner's {@code (px, py)}.
 * Same lattice and numbers as {@link RnntLoss} (see {@link TransducerLattice}), on one thread: the
 * lattice is (B, T, U+1), small.
 */
public final class LatticeRecursion {
  private LatticeRecursion() {}

  /**
   * @param blank {@code log P(blank | t, u)} at cell {@code (b * T + t) * (U+1) + u}, (B, T, U+1)
   *     (k2's {@code py[b][u][t]})
   * @param label {@code log P(y_{u+1} | t, u)}, (B, T, U+1), read for {@code u < U_b} only (k2's
   *     {@code px[b][u][t]})
   * @param T frames of the arrays
   * @param U labels of the arrays
   * @param logitLengths {@code T_b} in {@code 1..T}, (B)
   * @param targetLengths {@code U_b} in {@code 0..U}, (B)
   */
  public static EdgePosteriors compute(
      double[] blank, double[] label, int T, int U, int[] logitLengths, int[] targetLengths) {
    int B = logitLengths.length;
    int U1 = U + 1;
    int cells = B * T * U1;
    Checks.argument(
        blank.length == cells && label.length == cells,
        "edge log-probabilities must be (B, T, U+1) = (%s, %s, %s) = %s values, got %s and %s",
        B,
        T,
        U1,
        cells,
        blank.length,
        label.length);
    Checks.argument(
        targetLengths.length == B,
        "targetLengths must be (B) = (%s), got %s",
        B,
        targetLengths.length);
    for (int b = 0; b < B; b++) {
      Checks.argument(
          logitLengths[b] >= 1 && logitLengths[b] <= T && targetLengths[b] >= 0
              && targetLengths[b] <= U,
          "utterance %s: T_b = %s and U_b = %s must be in 1..%s and 0..%s",
          b,
          logitLengths[b],
          targetLengths[b],
          T,
          U);
    }
    LatticeLogProbs logProbs = new LatticeLogProbs(blank, label);
    TransducerLattice lattice;
    try (ParallelRows oneThread = new ParallelRows(1)) {
      lattice =
          TransducerLattice.compute(
              B, T, U1, logitLengths, targetLengths, logProbs, true, oneThread);
    }
    double[] blankPosterior = new double[cells];
    double[] labelPosterior = new double[cells];
    for (int b = 0; b < B; b++) {
      int Tb = logitLengths[b];
      int Ub = targetLengths[b];
      double logP = lattice.logLikelihood[b];
      for (int t = 0; t < Tb; t++) {
        for (int u = 0; u <= Ub; u++) {
          int cell = (b * T + t) * U1 + u;
          double alpha = lattice.alpha[cell];
          if (t < Tb - 1) {
            blankPosterior[cell] = Math.exp(alpha + blank[cell] + lattice.beta[cell + U1] - logP);
          } else if (u == Ub) {
            blankPosterior[cell] = Math.exp(alpha + blank[cell] - logP);
          }
          if (u < Ub) {
            labelPosterior[cell] = Math.exp(alpha + label[cell] + lattice.beta[cell + 1] - logP);
          }
        }
      }
    }
    return new EdgePosteriors(
        B, T, U, lattice.logLikelihood.clone(), blankPosterior, labelPosterior);
  }
}

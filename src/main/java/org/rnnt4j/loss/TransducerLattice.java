package org.rnnt4j.loss;

/**
 * The forward (alpha) and backward (beta) variables of the RNN-T lattice (Graves 2012, "Sequence
 * Transduction with Recurrent Neural Networks", section 2.4), in log space and double precision;
 * these arrays are (B, T, U+1), small next to the logits.
 *
 * <p>For utterance {@code b} with {@code T_b} frames and {@code U_b} labels, cell {@code (t, u)}
 * means "u labels emitted, at frame t". From it a blank moves to {@code (t+1, u)} and label {@code
 * y_{u+1}} to {@code (t, u+1)}; the final blank at {@code (T_b-1, U_b)} ends the path. So
 *
 * <pre>
 *   alpha(0,0) = 0
 *   alpha(t,u) = logaddexp(alpha(t-1,u) + blank(t-1,u), alpha(t,u-1) + label(t,u-1))
 *   log P(y|x) = alpha(T_b-1, U_b) + blank(T_b-1, U_b)
 *   beta(T_b-1, U_b) = blank(T_b-1, U_b)
 *   beta(t,u)  = logaddexp(beta(t+1,u) + blank(t,u), beta(t,u+1) + label(t,u))
 * </pre>
 *
 * with out-of-lattice terms absent ({@code -inf} edges, as a pruned lattice has, drop out), as in torchaudio's {@code ComputeAlphaOneSequence} / {@code
 * ComputeBetaOneSequence} and NeMo's {@code CPURNNT.compute_alphas} / {@code
 * compute_betas_and_grads}. Cells are indexed like {@link LatticeLogProbs}: {@code (b * T + t) *
 * (U+1) + u}.
 */
final class TransducerLattice {
  /** log alpha per cell, (B, T, U+1). */
  final double[] alpha;

  /** log beta per cell, (B, T, U+1); null when only the loss was asked for. */
  final double[] beta;

  /** log P(y_b | x_b) from the forward variables, (B). */
  final double[] logLikelihood;

  private TransducerLattice(int cells, int batch, boolean withBeta) {
    alpha = new double[cells];
    beta = withBeta ? new double[cells] : null;
    logLikelihood = new double[batch];
  }

  /**
   * Computes alpha (and beta when {@code withBeta}), one utterance per task.
   *
   * @param B batch
   * @param T frames of the lattice arrays
   * @param U1 label positions U+1 of the lattice arrays
   * @param frames {@code T_b}, (B)
   * @param lengths {@code U_b}, (B)
   */
  static TransducerLattice compute(
      int B,
      int T,
      int U1,
      int[] frames,
      int[] lengths,
      LatticeLogProbs logProbs,
      boolean withBeta,
      ParallelRows pool) {
    TransducerLattice lattice = new TransducerLattice(B * T * U1, B, withBeta);
    pool.forEach(
        B,
        () -> null,
        (b, unused) -> {
          int base = b * T * U1;
          lattice.logLikelihood[b] =
              forward(logProbs, lattice.alpha, base, U1, frames[b], lengths[b]);
          if (withBeta) {
            backward(logProbs, lattice.beta, base, U1, frames[b], lengths[b]);
          }
        });
    return lattice;
  }

  private static double forward(
      LatticeLogProbs lp, double[] alpha, int base, int U1, int Tb, int Ub) {
    double[] blank = lp.blank;
    double[] label = lp.label;
    alpha[base] = 0;
    for (int t = 1; t < Tb; t++) {
      int c = base + t * U1;
      alpha[c] = alpha[c - U1] + blank[c - U1];
    }
    for (int u = 1; u <= Ub; u++) {
      int c = base + u;
      alpha[c] = alpha[c - 1] + label[c - 1];
    }
    for (int t = 1; t < Tb; t++) {
      for (int u = 1; u <= Ub; u++) {
        int c = base + t * U1 + u;
        alpha[c] = logAddExp(alpha[c - U1] + blank[c - U1], alpha[c - 1] + label[c - 1]);
      }
    }
    int last = base + (Tb - 1) * U1 + Ub;
    return alpha[last] + blank[last];
  }

  private static void backward(
      LatticeLogProbs lp, double[] beta, int base, int U1, int Tb, int Ub) {
    double[] blank = lp.blank;
    double[] label = lp.label;
    int last = base + (Tb - 1) * U1 + Ub;
    beta[last] = blank[last];
    for (int t = Tb - 2; t >= 0; t--) {
      int c = base + t * U1 + Ub;
      beta[c] = beta[c + U1] + blank[c];
    }
    for (int u = Ub - 1; u >= 0; u--) {
      int c = base + (Tb - 1) * U1 + u;
      beta[c] = beta[c + 1] + label[c];
    }
    for (int t = Tb - 2; t >= 0; t--) {
      for (int u = Ub - 1; u >= 0; u--) {
        int c = base + t * U1 + u;
        beta[c] = logAddExp(beta[c + U1] + blank[c], beta[c + 1] + label[c]);
      }
    }
  }

  /** log(exp(a) + exp(b)) without overflow; -inf terms drop out. */
  static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    if (b == Double.NEGATIVE_INFINITY) {
      return a;
    }
    return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  }
}

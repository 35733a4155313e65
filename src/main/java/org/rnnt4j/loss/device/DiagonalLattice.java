package org.rnnt4j.loss.device;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;

/**
 * The forward (alpha) and backward (beta) variables of the RNN-T lattice (Graves 2012, section 2.4)
 * in log space, computed by anti-diagonals ({@link Diagonals}) so that a batch takes {@code T + U}
 * vectorised steps on its device instead of a loop per cell:
 *
 * <pre>
 *   alpha(0,0) = 0
 *   alpha(t,u) = logaddexp(alpha(t-1,u) + blank(t-1,u), alpha(t,u-1) + label(t,u-1))
 *   beta(t,u)  = logaddexp(beta(t+1,u) + blank(t,u), beta(t,u+1) + label(t,u), final(t,u))
 *   log P(y|x) = alpha(T_b-1, U_b) + blank(T_b-1, U_b) = beta(0, 0)
 * </pre>
 *
 * where {@code final(t,u)} is the blank that ends the path at {@code (T_b-1, U_b)} and {@code -inf}
 * elsewhere. Because {@link EdgeLogProbs} makes every edge outside an utterance {@code -inf}, the
 * ragged batch needs no masks here: cells past {@code T_b} or {@code U_b} get {@code beta = -inf}
 * and are never reached from {@code (0, 0)} by a finite path. The same recursions as {@code
 * TransducerLattice} of the Java kernel, and as torchaudio's and NeMo's CUDA kernels (which run
 * one thread per {@code u} along t, where this runs one step per diagonal).
 *
 * <p>Legend: B batch, T frames, U labels, N = T + U diagonals.
 */
final class DiagonalLattice {
  private DiagonalLattice() {}

  /**
   * @param lp the edges, (B, T, U+1) each
   * @return log alpha, (B, T, U+1); meaningful where the cell belongs to the utterance
   */
  static Tensor alpha(EdgeLogProbs lp) {
    Tensor blank = lp.blank();
    long B = blank.size(0);
    int T = (int) blank.size(1);
    int U1 = (int) blank.size(2);
    int N = T + U1 - 1;
    Tensor viaBlank = Diagonals.skew(blank, 1, N); // (B, N, U+1) edge into (t, u) from (t-1, u)
    Tensor viaLabel = Diagonals.skew(Diagonals.shiftRight(lp.label()), 0, N); // from (t, u-1)
    // Column 0 stays -inf: the left neighbour of u = 0, so that each step is two shifted views.
    Tensor diagonals =
        blank.newFull(Double.NEGATIVE_INFINITY, blank.dtype(), B, N, U1 + 1); // (B, N, U+2)
    diagonals.select(1, 0).select(1, 1).fill(0);
    for (int n = 1; n < N; n++) {
      try (TensorScope step = new TensorScope()) {
        Tensor previous = diagonals.select(1, n - 1); // (B, U+2)
        Tensor stay = previous.narrow(1, 1, U1).add(viaBlank.select(1, n)); // (B, U+1)
        Tensor move = previous.narrow(1, 0, U1).add(viaLabel.select(1, n)); // (B, U+1)
        diagonals.select(1, n).narrow(1, 1, U1).copyFrom(stay.logaddexp(move));
      }
    }
    return Diagonals.unskew(diagonals.narrow(2, 1, U1), T); // (B, T, U+1)
  }

  /**
   * @param lp the edges, (B, T, U+1) each
   * @param masks the final cell of each utterance
   * @return log beta, (B, T, U+1); {@code -inf} outside each utterance
   */
  static Tensor beta(EdgeLogProbs lp, LatticeMasks masks) {
    Tensor blank = lp.blank();
    long B = blank.size(0);
    int T = (int) blank.size(1);
    int U1 = (int) blank.size(2);
    int N = T + U1 - 1;
    double none = Double.NEGATIVE_INFINITY;
    Tensor viaBlank = Diagonals.skew(blank, 0, N); // (B, N, U+1) edge out of (t, u) to (t+1, u)
    Tensor viaLabel = Diagonals.skew(lp.label(), 0, N); // to (t, u+1)
    Tensor exit = Diagonals.skew(blank.where(masks.last(), none), 0, N); // the final blank
    // Row N and column U+1 stay -inf: nothing lies past the last diagonal or the last label.
    Tensor diagonals = blank.newFull(none, blank.dtype(), B, N + 1, U1 + 1); // (B, N+1, U+2)
    for (int n = N - 1; n >= 0; n--) {
      try (TensorScope step = new TensorScope()) {
        Tensor next = diagonals.select(1, n + 1); // (B, U+2)
        Tensor stay = next.narrow(1, 0, U1).add(viaBlank.select(1, n)); // (B, U+1)
        Tensor move = next.narrow(1, 1, U1).add(viaLabel.select(1, n)); // (B, U+1)
        diagonals
            .select(1, n)
            .narrow(1, 0, U1)
            .copyFrom(stay.logaddexp(move).logaddexp(exit.select(1, n)));
      }
    }
    return Diagonals.unskew(diagonals.narrow(2, 0, U1), T); // (B, T, U+1)
  }

  /**
   * @param alpha (B, T, U+1)
   * @return {@code log P(y_b | x_b)}, (B)
   */
  static Tensor logLikelihood(Tensor alpha, EdgeLogProbs lp, LatticeMasks masks) {
    return alpha
        .add(lp.blank())
        .where(masks.last(), Double.NEGATIVE_INFINITY)
        .flatten(1, 2)
        .logsumexp(1, false); // (B)
  }
}

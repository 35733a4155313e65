package org.rnnt4j.loss.device;

import org.rnnt4j.engine.Tensor;

/**
 * Between the lattice's (B, T, U+1) layout and its anti-diagonals: cell {@code (t, u)} lies on
 * diagonal {@code n = t + u} at position {@code u}. Every cell of one diagonal depends only on the
 * previous (alpha) or next (beta) diagonal, so the recursions become {@code T + U} steps, each
 * vectorised over the batch and the labels.
 *
 * <p>Legend: B batch, T frames, U labels, N diagonals.
 */
final class Diagonals {
  private Diagonals() {}

  /**
   * Cells to diagonals: {@code out[b, n, u] = cells[b, n - u - shift, u]}, {@code -inf} where that
   * frame is outside {@code 0..T-1}.
   *
   * @param cells (B, T, U+1)
   * @param shift 1 to read each cell's lower neighbour in t
   * @param N diagonals
   * @return (B, N, U+1)
   */
  static Tensor skew(Tensor cells, int shift, int N) {
    long B = cells.size(0);
    long T = cells.size(1);
    long U1 = cells.size(2);
    Tensor n = Tensor.arange(N, cells.device()).view(N, 1); // (N, 1)
    Tensor u = Tensor.arange(U1, cells.device()).view(1, U1); // (1, U+1)
    Tensor t = n.sub(u).sub(shift); // (N, U+1)
    Tensor inside = t.ge(0).logicalAnd(t.lt(T)); // (N, U+1)
    Tensor index = t.where(inside, 0).unsqueeze(0).expand(B, N, U1); // (B, N, U+1)
    return cells.gather(1, index).where(inside, Double.NEGATIVE_INFINITY); // (B, N, U+1)
  }

  /**
   * Diagonals to cells: {@code out[b, t, u] = diagonals[b, t + u, u]}.
   *
   * @param diagonals (B, N, U+1) with {@code N >= T + U}
   * @return (B, T, U+1)
   */
  static Tensor unskew(Tensor diagonals, int T) {
    long B = diagonals.size(0);
    long U1 = diagonals.size(2);
    Tensor t = Tensor.arange(T, diagonals.device()).view(T, 1); // (T, 1)
    Tensor u = Tensor.arange(U1, diagonals.device()).view(1, U1); // (1, U+1)
    Tensor index = t.add(u).unsqueeze(0).expand(B, T, U1); // (B, T, U+1)
    return diagonals.gather(1, index); // (B, T, U+1)
  }

  /**
   * {@code out[..., u] = cells[..., u - 1]}, {@code -inf} at {@code u = 0}: each cell's left
   * neighbour.
   *
   * @param cells (B, T, U+1)
   * @return (B, T, U+1)
   */
  static Tensor shiftRight(Tensor cells) {
    long U1 = cells.size(2);
    Tensor none = cells.newFull(Double.NEGATIVE_INFINITY, cells.dtype(), cells.size(0), cells.size(1), 1);
    return Tensor.cat(java.util.List.of(none, cells.narrow(2, 0, U1 - 1)), 2); // (B, T, U+1)
  }
}

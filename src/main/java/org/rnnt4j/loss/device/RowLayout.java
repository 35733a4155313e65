package org.rnnt4j.loss.device;

import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;

/**
 * Where each row of logits sits in the lattice: the exact loss has one row per cell ((B, T, U+1, V)
 * logits, the identity), the pruned loss only {@code S} rows per frame starting at {@code start(b,
 * t)} ((B, T, S, V) logits, k2's {@code rnnt_loss_pruned}). Lattice quantities are computed on
 * cells (B, T, U+1) and moved between the two layouts by one scatter or gather.
 *
 * <p>Legend: B batch, T frames, U labels, W rows per frame (U+1 or S).
 */
final class RowLayout {
  private final int labelPositions;
  private final Tensor positions; // (B, T, W) int64 cell column of every row; null when exact

  private RowLayout(int labelPositions, Tensor positions) {
    this.labelPositions = labelPositions;
    this.positions = positions;
  }

  /** One row per cell. */
  static RowLayout exact(int U) {
    return new RowLayout(U + 1, null);
  }

  /**
   * @param starts {@code start(b, t)}, (B, T) int64
   * @param width S, rows per frame
   */
  static RowLayout pruned(int U, Tensor starts, int width) {
    Tensor s = Tensor.arange(width, starts.device()).view(1, 1, width); // (1, 1, S)
    return new RowLayout(U + 1, starts.to(DType.INT64).unsqueeze(2).add(s)); // (B, T, S)
  }

  /**
   * Row values spread over the lattice, {@code fill} in cells without a row.
   *
   * @param rows (B, T, W)
   * @return (B, T, U+1)
   */
  Tensor toCells(Tensor rows, double fill) {
    if (positions == null) {
      return rows;
    }
    Tensor empty = rows.newFull(fill, rows.dtype(), rows.size(0), rows.size(1), labelPositions);
    return empty.scatter(2, positions, rows); // (B, T, U+1)
  }

  /**
   * @param cells (B, T, U+1)
   * @return the values of the cells that have rows, (B, T, W)
   */
  Tensor toRows(Tensor cells) {
    return positions == null ? cells : cells.gather(2, positions); // (B, T, W)
  }

  /**
   * The class of each row's label edge, {@code y_{u+1}}, or 0 where the row has none.
   *
   * @param labels (B, U) int64, every entry a valid class
   * @return (B, T, W) int64
   */
  Tensor rowLabels(Tensor labels, int T) {
    long B = labels.size(0);
    Tensor padded =
        Tensor.cat(List.of(labels, labels.newFull(0, DType.INT64, B, 1)), 1); // (B, U+1)
    Tensor cells = padded.unsqueeze(1).expand(B, T, labelPositions); // (B, T, U+1)
    return toRows(cells);
  }
}

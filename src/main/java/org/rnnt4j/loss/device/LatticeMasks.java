package org.rnnt4j.loss.device;

import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;

/**
 * Which cells of the padded (B, T, U+1) lattice belong to each utterance, from the lengths on the
 * device: the masks that replace the Java kernel's per-utterance loop bounds.
 *
 * @param cell {@code t < T_b and u <= U_b}: the cell exists and has a blank edge, (B, T, U+1) bool
 * @param labelEdge {@code t < T_b and u < U_b}: the cell has a label edge, (B, T, U+1) bool
 * @param last {@code t = T_b - 1 and u = U_b}: the cell whose blank ends every path, (B, T, U+1)
 *     bool
 */
record LatticeMasks(Tensor cell, Tensor labelEdge, Tensor last) {

  /**
   * @param frames {@code T_b}, (B) int64
   * @param labelCounts {@code U_b}, (B) int64, on the same device
   */
  static LatticeMasks of(Tensor frames, Tensor labelCounts, int T, int U) {
    Device device = frames.device();
    long B = frames.size(0);
    Tensor t = Tensor.arange(T, device).view(1, T, 1); // (1, T, 1)
    Tensor u = Tensor.arange(U + 1, device).view(1, 1, U + 1); // (1, 1, U+1)
    Tensor Tb = frames.view(B, 1, 1); // (B, 1, 1)
    Tensor Ub = labelCounts.view(B, 1, 1); // (B, 1, 1)
    Tensor inFrames = t.lt(Tb); // (B, T, 1)
    return new LatticeMasks(
        inFrames.logicalAnd(u.le(Ub)), // (B, T, U+1)
        inFrames.logicalAnd(u.lt(Ub)), // (B, T, U+1)
        t.eq(Tb.sub(1)).logicalAnd(u.eq(Ub))); // (B, T, U+1)
  }
}

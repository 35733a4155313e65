package org.rnnt4j.loss.device;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * The pruned loss's windows from the simple joiner's edge posteriors, on their device: k2's {@code
 * get_rnnt_prune_ranges} and {@code _adjust_pruning_lower_bound}, as the Java {@code
 * PruneRanges.fromPosteriors} computes them on the host. For every frame but each utterance's last,
 * the start {@code s} maximising the blank posterior inside {@code [s, s+S)} minus the label
 * posterior entering {@code s} (the first maximum); the last frames' window ends on {@code U_b};
 * then per utterance a non-decreasing lower bound, steps below S, and a first start of 0, with
 * reversed running minima instead of the host's backward loops.
 *
 * <p>Legend: B batch, T frames, U labels, S window width.
 */
public final class WindowSearch {
  private WindowSearch() {}

  /**
   * @param blank blank-edge posteriors, (B, T, U+1)
   * @param label label-edge posteriors, (B, T, U+1)
   * @param width S, already effective ({@code 1..U+1})
   * @param frames {@code T_b}, (B)
   * @param labelCounts {@code U_b}, (B)
   * @return {@code start(b, t)}, (B, T) int64 on the posteriors' device
   */
  public static Tensor starts(Tensor blank, Tensor label, int width, int[] frames, int[] labelCounts) {
    long B = blank.size(0);
    long T = blank.size(1);
    int U1 = (int) blank.size(2);
    Checks.argument(
        width >= 1 && width <= U1, "the window width must be in 1..U+1 = 1..%s, got %s", U1, width);
    Device device = blank.device();
    int starts = U1 - width + 1;
    Tensor inside = blank.unfold(2, width, 1).sum(3, false); // (B, T, U+2-S)
    Tensor zero = label.newFull(0, label.dtype(), B, T, 1);
    Tensor entering =
        Tensor.cat(java.util.List.of(zero, label.narrow(2, 0, starts - 1)), 2); // (B, T, U+2-S)
    Tensor best = inside.sub(entering).argmax(2, false); // (B, T) int64
    Tensor Tb = EdgeLattice.upload(frames, device).view(B, 1); // (B, 1)
    Tensor Ub = EdgeLattice.upload(labelCounts, device).view(B, 1); // (B, 1)
    Tensor last = Ub.sub(width - 1).where(Ub.sub(width - 1).ge(0), 0); // (B, 1) max(U_b-S+1, 0)
    Tensor t = Tensor.arange(T, device).view(1, T); // (1, T)
    Tensor x = best.where(t.lt(Tb.sub(1)), last.expand(B, T)); // (B, T)
    Tensor steps = t.mul(width - 1L); // (1, T)
    x = lowerBound(x);
    x = steps.sub(x);
    x = lowerBound(x);
    return steps.sub(x.where(x.ge(0), 0)).to(DType.INT64); // (B, T)
  }

  /** {@code x[t] = min(x[t..])}: the largest non-decreasing sequence below x, along dim 1. */
  private static Tensor lowerBound(Tensor x) {
    return x.flip(1).cummin(1).flip(1);
  }
}

package org.rnnt4j.loss.device;

import java.util.Arrays;
import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * The RNN-T forward-backward on edge log-probabilities that are already known, with no logits
 * behind them, on their device: k2's {@code mutual_information_recursion} for the regular
 * transducer, which the pruned loss's "simple" joiner needs ({@code rnnt_loss_simple}), as the
 * Java {@code LatticeRecursion} computes it on the host. The same anti-diagonal lattice as {@link
 * DeviceRnntLoss}.
 *
 * <p>Legend: B batch, T frames, U labels.
 */
public final class EdgeLattice {
  private EdgeLattice() {}

  /**
   * Log-likelihoods and edge posteriors (k2's {@code px_grad}, {@code py_grad}: each edge's share of
   * the total probability, which is also {@code d log P / d edge}), all on the edges' device.
   *
   * @param logLikelihood {@code log P(y_b | x_b)}, (B)
   * @param blank posterior of the blank edge leaving {@code (t, u)} (the final blank included),
   *     (B, T, U+1), 0 outside the utterance
   * @param label posterior of the label edge leaving {@code (t, u)}, (B, T, U+1), 0 at {@code u >=
   *     U_b}
   */
  public record Posteriors(Tensor logLikelihood, Tensor blank, Tensor label) {}

  /**
   * @param blank {@code log P(blank | t, u)}, (B, T, U+1) (k2's {@code py} transposed)
   * @param label {@code log P(y_{u+1} | t, u)}, (B, T, U) (k2's {@code px} transposed), or null
   *     when U = 0; read for {@code u < U_b} only
   * @param frames {@code T_b} in {@code 1..T}, (B)
   * @param labelCounts {@code U_b} in {@code 0..U}, (B)
   * @param latticeType FLOAT64 or FLOAT32
   */
  public static Posteriors compute(
      Tensor blank, Tensor label, int[] frames, int[] labelCounts, DType latticeType) {
    Checks.argument(blank.dim() == 3, "blank must be (B, T, U+1), got %s", blank.shapeString());
    int B = (int) blank.size(0);
    int T = (int) blank.size(1);
    int U = (int) blank.size(2) - 1;
    Checks.argument(
        U == 0 ? label == null || label.size(2) == 0 : label != null && Arrays.equals(label.shape(), new long[] {B, T, U}),
        "label must be (B, T, U) = (%s, %s, %s), got %s",
        B,
        T,
        U,
        label == null ? "null" : label.shapeString());
    Checks.argument(
        frames.length == B && labelCounts.length == B,
        "lengths must be (B) = (%s), got %s and %s",
        B,
        frames.length,
        labelCounts.length);
    for (int b = 0; b < B; b++) {
      Checks.argument(
          frames[b] >= 1 && frames[b] <= T && labelCounts[b] >= 0 && labelCounts[b] <= U,
          "utterance %s: T_b = %s and U_b = %s must be in 1..%s and 0..%s",
          b,
          frames[b],
          labelCounts[b],
          T,
          U);
    }
    Device device = blank.device();
    LatticeMasks masks = LatticeMasks.of(upload(frames, device), upload(labelCounts, device), T, U);
    double none = Double.NEGATIVE_INFINITY;
    Tensor blankCells = blank.detach().to(latticeType).where(masks.cell(), none); // (B, T, U+1)
    Tensor noLabel = blank.newFull(none, latticeType, B, T, 1);
    Tensor labelCells =
        (U == 0 ? noLabel : Tensor.cat(List.of(label.detach().to(latticeType), noLabel), 2))
            .where(masks.labelEdge(), none); // (B, T, U+1)
    EdgeLogProbs lp = new EdgeLogProbs(null, blankCells, labelCells, null, null);
    Tensor alpha = DiagonalLattice.alpha(lp);
    Tensor beta = DiagonalLattice.beta(lp, masks);
    Tensor logLikelihood = DiagonalLattice.logLikelihood(alpha, lp, masks); // (B)
    GradientTerms terms = GradientTerms.of(lp, masks, alpha, beta, logLikelihood, 0);
    return new Posteriors(logLikelihood, terms.blankMass(), terms.labelMass());
  }

  static Tensor upload(int[] values, Device device) {
    long[] longs = Arrays.stream(values).asLongStream().toArray();
    return Tensor.ofLongs(longs, longs.length).to(device, true);
  }
}

package org.rnnt4j.loss;

import org.rnnt4j.util.Checks;

/**
 * The RNN-T lattice's log-likelihoods and edge posteriors (occupation probabilities), from {@link
 * LatticeRecursion}: the posterior of an edge is the share of the total probability that passes
 * through it, which is also {@code d log P(y|x) / d (edge log-probability)}. These are k2's {@code
 * (px_grad, py_grad)} from {@code rnnt_loss_simple(..., return_grad=True)}, which the pruned loss
 * turns into pruning bounds ({@link PruneRanges#fromPosteriors}).
 *
 * <p>Arrays are indexed by cell {@code (b * T + t) * (U+1) + u}; cells outside {@code t < T_b, u
 * <= U_b} are 0.
 *
 * @param logLikelihood {@code log P(y_b | x_b)}, (B)
 * @param blank posterior of the blank edge leaving {@code (t, u)} (to {@code (t+1, u)}, or the
 *     final blank), (B, T, U+1); k2's {@code py_grad[b][u][t]}
 * @param label posterior of the label edge leaving {@code (t, u)} (to {@code (t, u+1)}), (B, T,
 *     U+1), 0 at {@code u = U_b}; k2's {@code px_grad[b][u][t]}
 */
public record EdgePosteriors(
    int batchSize,
    int maxFrames,
    int maxTargetLength,
    double[] logLikelihood,
    double[] blank,
    double[] label) {

  public EdgePosteriors {
    int cells = batchSize * maxFrames * (maxTargetLength + 1);
    Checks.argument(
        logLikelihood.length == batchSize && blank.length == cells && label.length == cells,
        "posteriors must be (B) and (B, T, U+1) = (%s, %s, %s), got %s, %s and %s values",
        batchSize,
        maxFrames,
        maxTargetLength + 1,
        logLikelihood.length,
        blank.length,
        label.length);
  }

  /** The cell index of {@code (b, t, u)}. */
  public int cell(int b, int t, int u) {
    return (b * maxFrames + t) * (maxTargetLength + 1) + u;
  }
}

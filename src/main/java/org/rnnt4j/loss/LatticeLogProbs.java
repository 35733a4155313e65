package org.rnnt4j.loss;

import java.nio.FloatBuffer;
import org.rnnt4j.loss.kernel.RowKernel;

/**
 * The first sweep over the logits: for every lattice cell {@code (b, t, u)} inside an utterance,
 * the log-softmax normaliser {@code log sum_k exp(logits[b,t,u,k])} and the only two
 * log-probabilities the transducer lattice needs, the blank's and the next label's ({@code
 * y_{u+1}}). This is torchaudio's "function merging" (its CPU kernel's {@code LogSumExp2D} + {@code
 * ComputeLogProbs}): log-softmax is never materialised at the logits' size.
 *
 * <p>When a gradient is wanted, the sweep also leaves the softmax numerators {@code exp(x_k - max_k
 * x)} of every row in the gradient buffer, so that the gradient sweep only has to scale them: one
 * {@code exp} per logit in all instead of two (the exponentials, not the memory traffic, dominate
 * on two cores).
 *
 * <p>Arrays are indexed by cell {@code (b * T + t) * (U+1) + u} (for the exact loss also the
 * logits' row index; see {@link LatticeRows}). Cells outside {@code t < T_b, u <= U_b} are left at
 * 0 and never read; in a pruned lattice, cells without a logits row have {@code -inf} edges.
 */
final class LatticeLogProbs {
  /** log-softmax normaliser per cell, (B, T, U+1); null for given edge log-probabilities. */
  final double[] denominator;

  /** largest logit per cell, the shift of the stored numerators, (B, T, U+1); null as above. */
  final double[] rowMax;

  /** log P(blank | t, u), (B, T, U+1). */
  final double[] blank;

  /** log P(y_{u+1} | t, u) for u < U_b, (B, T, U+1). */
  final double[] label;

  private LatticeLogProbs(int cells, boolean pruned) {
    denominator = new double[cells];
    rowMax = new double[cells];
    blank = new double[cells];
    label = new double[cells];
    if (pruned) {
      // Cells without a logits row are dead ends of the pruned lattice.
      java.util.Arrays.fill(blank, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(label, Double.NEGATIVE_INFINITY);
    }
  }

  /** Edge log-probabilities given directly (the simple loss's), with no logits behind them. */
  LatticeLogProbs(double[] blank, double[] label) {
    this.denominator = null;
    this.rowMax = null;
    this.blank = blank;
    this.label = label;
  }

  /**
   * Runs the sweep, in parallel over {@code (b, t)} frames; each cell is written by one task only.
   *
   * @param numerators null, or a buffer shaped like the logits (B, T, width, V) that receives
   *     {@code exp(x_k - rowMax)} for every row inside an utterance; it may be the logits buffer
   *     itself (each row is read before it is overwritten)
   */
  static LatticeLogProbs compute(
      LatticeRows in, int blankIndex, FloatBuffer numerators, ParallelRows pool) {
    int B = in.batch();
    int T = in.frames();
    int U1 = in.labelPositions();
    int V = in.vocab();
    int width = in.width();
    LatticeLogProbs out = new LatticeLogProbs(B * T * U1, in.pruned());
    FloatBuffer logits = in.logits();
    RowKernel kernel = RowKernel.best();
    int[] targets = in.targets();
    int[] frames = in.logitLengths();
    int[] lengths = in.targetLengths();
    pool.forEach(
        B * T,
        () -> new Scratch(new float[V], new double[V]),
        (bt, scratch) -> {
          float[] row = scratch.row();
          int b = bt / T;
          int t = bt % T;
          if (t >= frames[b]) {
            return;
          }
          int start = in.start(bt);
          int last = Math.min(start + width - 1, lengths[b]);
          for (int u = start; u <= last; u++) {
            int cell = bt * U1 + u;
            int offset = (bt * width + u - start) * V;
            logits.get(offset, row, 0, V); // (V)
            float blankLogit = row[blankIndex];
            float labelLogit = u < lengths[b] ? row[targets[b * (U1 - 1) + u]] : 0f;
            double max = kernel.max(row, V);
            double denominator =
                max
                    + Math.log(
                        numerators == null
                            ? kernel.sumExp(row, V, max)
                            : kernel.storeExp(row, scratch.exps(), V, max));
            out.rowMax[cell] = max;
            out.denominator[cell] = denominator;
            out.blank[cell] = blankLogit - denominator;
            if (u < lengths[b]) {
              out.label[cell] = labelLogit - denominator;
            }
            if (numerators != null) {
              numerators.put(offset, row, 0, V);
            }
          }
        });
    return out;
  }

  /** Per-thread rows: the logits being read, and their exponentials in double. */
  private record Scratch(float[] row, double[] exps) {}
}

package org.rnnt4j.loss;

import java.nio.FloatBuffer;

/**
 * The first sweep over the logits: for every lattice cell {@code (b, t, u)} inside an utterance, the
 * log-softmax normaliser {@code log sum_k exp(logits[b,t,u,k])} and the only two log-probabilities the
 * transducer lattice needs, the blank's and the next label's ({@code y_{u+1}}). This is torchaudio's
 * "function merging" (its CPU kernel's {@code LogSumExp2D} + {@code ComputeLogProbs}): log-softmax is never
 * materialised at the logits' size.
 *
 * <p>Arrays are indexed by cell {@code (b * T + t) * (U+1) + u}, the logits' row index; cells outside
 * {@code t < T_b, u <= U_b} are left at 0 and never read.
 */
final class LatticeLogProbs {
  /** log-softmax normaliser per cell, (B, T, U+1). */
  final double[] denominator;
  /** log P(blank | t, u), (B, T, U+1). */
  final double[] blank;
  /** log P(y_{u+1} | t, u) for u < U_b, (B, T, U+1). */
  final double[] label;

  private LatticeLogProbs(int cells) {
    denominator = new double[cells];
    blank = new double[cells];
    label = new double[cells];
  }

  /** Runs the sweep, in parallel over {@code (b, t)} rows; each cell is written by one task only. */
  static LatticeLogProbs compute(RnntInputs in, int blankIndex, ParallelRows pool) {
    int B = in.batchSize();
    int T = in.maxFrames();
    int U1 = in.maxTargetLength() + 1;
    int V = in.vocabSize();
    LatticeLogProbs out = new LatticeLogProbs(B * T * U1);
    FloatBuffer logits = in.logits();
    int[] targets = in.targetsView();
    int[] frames = in.logitLengthsView();
    int[] lengths = in.targetLengthsView();
    pool.forEach(
        B * T,
        () -> new float[V],
        (bt, row) -> {
          int b = bt / T;
          int t = bt % T;
          if (t >= frames[b]) {
            return;
          }
          for (int u = 0; u <= lengths[b]; u++) {
            int cell = bt * U1 + u;
            logits.get(cell * V, row, 0, V); // (V)
            double denominator = logSumExp(row, V);
            out.denominator[cell] = denominator;
            out.blank[cell] = row[blankIndex] - denominator;
            if (u < lengths[b]) {
              out.label[cell] = row[targets[b * (U1 - 1) + u]] - denominator;
            }
          }
        });
    return out;
  }

  /** Stable log-sum-exp of {@code row[0..n)}: one pass for the max, one for the sum in double. */
  static double logSumExp(float[] row, int n) {
    float max = row[0];
    for (int k = 1; k < n; k++) {
      if (row[k] > max) {
        max = row[k];
      }
    }
    double sum = 0;
    double shift = max; // subtract in double: a float difference would cost ~1e-7 relative per term
    for (int k = 0; k < n; k++) {
      sum += Math.exp(row[k] - shift);
    }
    return max + Math.log(sum);
  }
}

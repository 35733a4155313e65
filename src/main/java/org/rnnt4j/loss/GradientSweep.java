package org.rnnt4j.loss;

import java.nio.FloatBuffer;

/**
 * The second sweep: turns the softmax numerators that {@link LatticeLogProbs} left in the gradient
 * buffer into {@code d(sum_b w_b L_b) / d logits}, row by row, each row read once and written once,
 * with no temporary of the logits' size (torchaudio's fused-log-softmax gradient, plus NeMo's
 * FastEmit and clamp).
 *
 * <p>For cell {@code (b, t, u)} with {@code logP = log P(y_b|x_b)}, {@code occ = exp(alpha + beta -
 * logP)}, the blank edge {@code e_blank = exp(alpha + blank(t,u) + beta(t+1,u) - logP)} (for {@code
 * t = T_b-1} only the final blank at {@code u = U_b}, with {@code beta(T_b, U_b) = 0}) and the
 * label edge {@code e_label = exp(alpha + label(t,u) + beta(t,u+1) - logP)} (for {@code u < U_b}):
 *
 * <pre>
 *   grad_k = softmax_k * (occ + lambda * e_label) - [k = blank] e_blank - [k = y_{u+1}] (1 + lambda) e_label
 * </pre>
 *
 * which is NeMo's {@code compute_grad_kernel} (numba, {@code gpu_rnnt_kernel.py}) with FastEmit
 * lambda, and torchaudio's {@code ComputeGradientsOneSequence} for lambda = 0. Then, as both do per
 * utterance, the row is clamped to {@code [-clamp, clamp]} and only then multiplied by the
 * utterance's weight. Rows outside {@code t < T_b, u <= U_b} are written as zeros. In a pruned
 * lattice ({@link LatticeRows}) the same formula holds row by row: edges into cells without a row
 * have {@code beta = -inf} and contribute nothing.
 */
final class GradientSweep {
  private GradientSweep() {}

  /**
   * @param gradient shaped like the logits (B, T, width, V): holds {@code exp(x_k - rowMax)} in each
   *     row inside an utterance on entry (from {@link LatticeLogProbs#compute} with it as {@code
   *     numerators}); written completely
   * @param weights {@code w_b}, (B)
   */
  static void run(
      LatticeRows in,
      int blankIndex,
      LatticeLogProbs logProbs,
      TransducerLattice lattice,
      double[] weights,
      double fastemitLambda,
      double clamp,
      FloatBuffer gradient,
      ParallelRows pool) {
    int T = in.frames();
    int U1 = in.labelPositions();
    int V = in.vocab();
    int width = in.width();
    int[] targets = in.targets();
    int[] frames = in.logitLengths();
    int[] lengths = in.targetLengths();
    float[] zeros = new float[V];
    double logLambda = fastemitLambda > 0 ? Math.log(fastemitLambda) : Double.NEGATIVE_INFINITY;
    float clampValue = clamp > 0 ? (float) clamp : Float.POSITIVE_INFINITY;
    pool.forEach(
        in.batch() * T,
        () -> new float[V],
        (bt, row) -> {
          int b = bt / T;
          int t = bt % T;
          int Tb = frames[b];
          int Ub = lengths[b];
          int start = in.start(bt);
          double logP = lattice.logLikelihood[b];
          double weight = weights[b];
          for (int s = 0; s < width; s++) {
            int u = start + s;
            int cell = bt * U1 + u;
            int offset = (bt * width + s) * V;
            if (t >= Tb || u > Ub) {
              gradient.put(offset, zeros, 0, V);
              continue;
            }
            gradient.get(offset, row, 0, V); // (V) softmax numerators
            double alpha = lattice.alpha[cell];
            double blankEdge;
            if (t < Tb - 1) {
              blankEdge = alpha + logProbs.blank[cell] + lattice.beta[cell + U1] - logP;
            } else if (u == Ub) {
              blankEdge = alpha + logProbs.blank[cell] - logP;
            } else {
              blankEdge = Double.NEGATIVE_INFINITY;
            }
            double logScale = alpha + lattice.beta[cell] - logP; // log occupancy
            double labelEdge = Double.NEGATIVE_INFINITY;
            int label = -1;
            if (u < Ub) {
              label = targets[b * (U1 - 1) + u];
              labelEdge = alpha + logProbs.label[cell] + lattice.beta[cell + 1] - logP;
              if (fastemitLambda > 0) {
                logScale = TransducerLattice.logAddExp(logScale, logLambda + labelEdge);
              }
            }
            writeRow(
                row,
                V,
                Math.exp(logProbs.rowMax[cell] - logProbs.denominator[cell] + logScale),
                blankIndex,
                Math.exp(blankEdge),
                label,
                (1 + fastemitLambda) * Math.exp(labelEdge),
                clampValue,
                weight);
            gradient.put(offset, row, 0, V);
          }
        });
  }

  /**
   * Turns numerators {@code row[k] = exp(x_k - max)} into the gradient in place: times {@code
   * factor = softmax_k / row[k] * (occupancy + lambda e_label)}, minus the two transition masses
   * (in double).
   */
  private static void writeRow(
      float[] row,
      int V,
      double factor,
      int blankIndex,
      double blankMass,
      int label,
      double labelMass,
      float clamp,
      double weight) {
    boolean clamped = clamp != Float.POSITIVE_INFINITY;
    // Without a clamp the weight folds into the factor; with one it must come after clamping.
    double rowWeight = clamped ? 1 : weight;
    float scale = (float) (factor * rowWeight);
    double blankValue = row[blankIndex] * factor - blankMass;
    double labelValue = label >= 0 ? row[label] * factor - labelMass : 0;
    for (int k = 0; k < V; k++) {
      row[k] *= scale;
    }
    row[blankIndex] = (float) (blankValue * rowWeight);
    if (label >= 0) {
      row[label] = (float) (labelValue * rowWeight);
    }
    if (clamped) {
      float clampedWeight = (float) weight;
      for (int k = 0; k < V; k++) {
        row[k] = Math.min(Math.max(row[k], -clamp), clamp) * clampedWeight;
      }
    }
  }
}

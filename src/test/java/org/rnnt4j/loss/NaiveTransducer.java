package org.rnnt4j.loss;

/**
 * A slow, obviously correct RNN-T loss for small shapes, kept in test code as the reference the
 * fused implementation is checked against (torchaudio's {@code _NumpyTransducer} idea).
 *
 * <p>Everything is float64 and done the long way: an explicit log-softmax per cell, alpha and beta
 * in <em>probability</em> space (no log-sum-exp tricks; fine while {@code P(y|x)} stays far above
 * 1e-300), the gradient with respect to the log-probabilities from the edge posteriors, and then
 * the chain rule through log-softmax. FastEmit scales the label-edge gradients by {@code (1 +
 * lambda)}, NeMo's rule.
 */
final class NaiveTransducer {
  private NaiveTransducer() {}

  /** One utterance's loss and its clamped, unweighted gradient. */
  record Result(double loss, double[][][] gradient) {}

  /**
   * @param logits (T_b, U_b+1, V) for this utterance
   * @param labels (U_b)
   */
  static Result compute(double[][][] logits, int[] labels, int blank, double lambda, double clamp) {
    return compute(logits, labels, blank, lambda, clamp, null);
  }

  /**
   * The loss of a pruned lattice: a cell that is not {@code kept} has no outgoing edge (its
   * logits are ignored and its gradient is left 0).
   *
   * @param kept (T_b, U_b+1), or null for every cell
   */
  static Result compute(
      double[][][] logits, int[] labels, int blank, double lambda, double clamp, boolean[][] kept) {
    int T = logits.length;
    int U = labels.length;
    int V = logits[0][0].length;
    double[][][] logProbs = new double[T][U + 1][];
    for (int t = 0; t < T; t++) {
      for (int u = 0; u <= U; u++) {
        logProbs[t][u] = logSoftmax(logits[t][u]);
        if (kept != null && !kept[t][u]) {
          java.util.Arrays.fill(logProbs[t][u], Double.NEGATIVE_INFINITY); // exp() = 0: no edges
        }
      }
    }
    double[][] alpha = new double[T][U + 1];
    for (int t = 0; t < T; t++) {
      for (int u = 0; u <= U; u++) {
        if (t == 0 && u == 0) {
          alpha[t][u] = 1;
          continue;
        }
        double fromBlank = t > 0 ? alpha[t - 1][u] * Math.exp(logProbs[t - 1][u][blank]) : 0;
        double fromLabel =
            u > 0 ? alpha[t][u - 1] * Math.exp(logProbs[t][u - 1][labels[u - 1]]) : 0;
        alpha[t][u] = fromBlank + fromLabel;
      }
    }
    double probability = alpha[T - 1][U] * Math.exp(logProbs[T - 1][U][blank]);
    double[][] beta = new double[T + 1][U + 2]; // beta[T][U] = 1 is the end state
    beta[T][U] = 1;
    for (int t = T - 1; t >= 0; t--) {
      for (int u = U; u >= 0; u--) {
        double viaBlank =
            (t < T - 1 || u == U) ? Math.exp(logProbs[t][u][blank]) * beta[t + 1][u] : 0;
        double viaLabel = u < U ? Math.exp(logProbs[t][u][labels[u]]) * beta[t][u + 1] : 0;
        beta[t][u] = viaBlank + viaLabel;
      }
    }
    double[][][] gradient = new double[T][U + 1][V];
    for (int t = 0; t < T; t++) {
      for (int u = 0; u <= U; u++) {
        if (kept != null && !kept[t][u]) {
          continue;
        }
        double[] dLogProb = new double[V]; // d(-log P) / d logProbs[t][u][k]
        if (t < T - 1 || u == U) {
          dLogProb[blank] -=
              alpha[t][u] * Math.exp(logProbs[t][u][blank]) * beta[t + 1][u] / probability;
        }
        if (u < U) {
          dLogProb[labels[u]] -=
              (1 + lambda)
                  * alpha[t][u]
                  * Math.exp(logProbs[t][u][labels[u]])
                  * beta[t][u + 1]
                  / probability;
        }
        double total = 0;
        for (double g : dLogProb) {
          total += g;
        }
        for (int k = 0; k < V; k++) { // log-softmax Jacobian: d lp_j / d x_k = [j = k] - softmax_k
          double g = dLogProb[k] - Math.exp(logProbs[t][u][k]) * total;
          gradient[t][u][k] = clamp > 0 ? Math.max(-clamp, Math.min(clamp, g)) : g;
        }
      }
    }
    return new Result(-(1 + lambda) * Math.log(probability), gradient);
  }

  /** {@code -log P(y|x)} alone, for finite differences. */
  static double negativeLogLikelihood(double[][][] logits, int[] labels, int blank) {
    return compute(logits, labels, blank, 0, 0).loss();
  }

  static double[] logSoftmax(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : x) {
      sum += Math.exp(v - max);
    }
    double log = max + Math.log(sum);
    double[] out = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      out[k] = x[k] - log;
    }
    return out;
  }
}

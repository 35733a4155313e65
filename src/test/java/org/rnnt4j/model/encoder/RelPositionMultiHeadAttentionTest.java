package org.rnnt4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.Goldens;

/**
 * The batched relative-position attention (with Transformer-XL's relative shift) equals a direct
 * evaluation of the score formula {@code ((q_i + u) . k_j + (q_i + v) . W_pos pe(i - j)) / sqrt(d_k)},
 * with key and query padding masked. B=2, T=5, d=8, 2 heads, seed 7.
 */
class RelPositionMultiHeadAttentionTest {
  private static final int B = 2;
  private static final int T = 5;
  private static final int D = 8;
  private static final int H = 2;

  @Test
  void matchesTheDirectScoreFormula() {
    Engine.seed(7);
    RelPositionMultiHeadAttention attention = new RelPositionMultiHeadAttention(H, D, 0.0, true);
    Map<String, Tensor> state = new LinkedHashMap<>(attention.stateDict());
    state.put("pos_bias_u", Tensor.randn(H, D / H)); // non-zero biases, as after training
    state.put("pos_bias_v", Tensor.randn(H, D / H));
    attention.loadStateDict(state, true);
    attention.train(false);
    Tensor x = Tensor.randn(B, T, D);
    long[] lengths = {5, 3};
    Tensor padding = Masks.padding(Tensor.ofLongs(lengths, B), T);
    Tensor mask = padding.unsqueeze(2).logicalOr(padding.unsqueeze(1)); // (B, T, T)
    Tensor positions = RelPositionalEncoding.sinusoids(T, D); // (1, 2T-1, D)
    float[] actual;
    try (NoGrad ignored = new NoGrad()) {
      actual = attention.forward(x, positions, mask).toFloatArray();
    }
    float[] expected = reference(attention.stateDict(), x.toFloatArray(), positions.toFloatArray(), lengths);
    double err = Goldens.relativeError(actual, expected);
    assertEquals(0.0, err, 1e-5, "relative error vs the direct formula");
  }

  /** The attention of every query frame, one score at a time, in double precision. */
  private static float[] reference(Map<String, Tensor> s, float[] x, float[] pe, long[] lengths) {
    double[][] wq = matrix(s.get("linear_q.weight"));
    double[][] wk = matrix(s.get("linear_k.weight"));
    double[][] wv = matrix(s.get("linear_v.weight"));
    double[][] wo = matrix(s.get("linear_out.weight"));
    double[][] wp = matrix(s.get("linear_pos.weight"));
    float[] bq = s.get("linear_q.bias").toFloatArray();
    float[] bk = s.get("linear_k.bias").toFloatArray();
    float[] bv = s.get("linear_v.bias").toFloatArray();
    float[] bo = s.get("linear_out.bias").toFloatArray();
    float[] u = s.get("pos_bias_u").toFloatArray();
    float[] v = s.get("pos_bias_v").toFloatArray();
    int dk = D / H;
    float[] out = new float[B * T * D];
    for (int b = 0; b < B; b++) {
      double[][] q = new double[T][];
      double[][] k = new double[T][];
      double[][] val = new double[T][];
      for (int t = 0; t < T; t++) {
        double[] row = new double[D];
        for (int c = 0; c < D; c++) {
          row[c] = x[(b * T + t) * D + c];
        }
        q[t] = affine(wq, bq, row);
        k[t] = affine(wk, bk, row);
        val[t] = affine(wv, bv, row);
      }
      for (int i = 0; i < T; i++) {
        double[] context = new double[D];
        boolean queryValid = i < lengths[b];
        for (int h = 0; h < H; h++) {
          double[] scores = new double[T];
          for (int j = 0; j < T; j++) {
            int rel = i - j;
            double[] peRow = new double[D];
            for (int c = 0; c < D; c++) {
              peRow[c] = pe[(T - 1 - rel) * D + c]; // the table's row for relative position rel
            }
            double[] p = affine(wp, null, peRow);
            double score = 0;
            for (int c = 0; c < dk; c++) {
              int f = h * dk + c;
              score += (q[i][f] + u[f]) * k[j][f] + (q[i][f] + v[f]) * p[f];
            }
            boolean visible = queryValid && j < lengths[b];
            scores[j] = visible ? score / Math.sqrt(dk) : -10000.0;
          }
          double max = Double.NEGATIVE_INFINITY;
          for (double sc : scores) {
            max = Math.max(max, sc);
          }
          double sum = 0;
          for (int j = 0; j < T; j++) {
            sum += Math.exp(scores[j] - max);
          }
          for (int j = 0; j < T; j++) {
            boolean visible = queryValid && j < lengths[b];
            double prob = visible ? Math.exp(scores[j] - max) / sum : 0.0;
            for (int c = 0; c < dk; c++) {
              context[h * dk + c] += prob * val[j][h * dk + c];
            }
          }
        }
        double[] y = affine(wo, bo, context);
        for (int c = 0; c < D; c++) {
          out[(b * T + i) * D + c] = (float) y[c];
        }
      }
    }
    return out;
  }

  private static double[][] matrix(Tensor w) {
    float[] values = w.toFloatArray();
    int rows = (int) w.size(0);
    int cols = (int) w.size(1);
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = values[r * cols + c];
      }
    }
    return m;
  }

  private static double[] affine(double[][] w, float[] bias, double[] x) {
    double[] y = new double[w.length];
    for (int r = 0; r < w.length; r++) {
      double acc = bias == null ? 0 : bias[r];
      for (int c = 0; c < x.length; c++) {
        acc += w[r][c] * x[c];
      }
      y[r] = acc;
    }
    return y;
  }
}

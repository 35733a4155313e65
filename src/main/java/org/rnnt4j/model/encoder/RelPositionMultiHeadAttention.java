package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.FlopCount;
import org.rnnt4j.nn.Init;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;

/**
 * NeMo's {@code RelPositionMultiHeadAttention}: multi-head self-attention with Transformer-XL relative
 * positions (Dai et al. 2019, section 3.3). Per head, the score of query i and key j is
 * {@code ((q_i + u) . k_j + (q_i + v) . W_pos pe_(i-j)) / sqrt(d_k)}, with learned biases {@code u, v}
 * ({@code pos_bias_u, pos_bias_v (h, d_k)}, zero-initialised). Masked scores are set to -10000 before
 * the softmax and their probabilities to 0 after it, so padded queries attend to nothing.
 *
 * <p>State keys: {@code pos_bias_u, pos_bias_v, linear_q, linear_k, linear_v, linear_out} (biases
 * with {@code use_bias}) and {@code linear_pos} (no bias).
 *
 * <p>Legend: B batch, T frames, h heads, d_k = d / h.
 */
final class RelPositionMultiHeadAttention extends Module {
  private static final double MASKED_SCORE = -10000.0; // NeMo's INF_VAL

  private final int heads;
  private final int headSize;
  private final double dropout;
  private final Tensor biasU;
  private final Tensor biasV;
  private final Linear linearQ;
  private final Linear linearK;
  private final Linear linearV;
  private final Linear linearOut;
  private final Linear linearPos;

  RelPositionMultiHeadAttention(int heads, int dModel, double dropout, boolean useBias) {
    this.heads = heads;
    this.headSize = dModel / heads;
    this.dropout = dropout;
    biasU = registerParameter("pos_bias_u", Init.zeros(heads, headSize));
    biasV = registerParameter("pos_bias_v", Init.zeros(heads, headSize));
    linearQ = registerModule("linear_q", new Linear(dModel, dModel, useBias));
    linearK = registerModule("linear_k", new Linear(dModel, dModel, useBias));
    linearV = registerModule("linear_v", new Linear(dModel, dModel, useBias));
    linearOut = registerModule("linear_out", new Linear(dModel, dModel, useBias));
    linearPos = registerModule("linear_pos", new Linear(dModel, dModel, false));
  }

  /**
   * @param x (B, T, d), queries, keys and values
   * @param positions (1, 2T-1, d) relative position embeddings for T-1 ... -(T-1)
   * @param mask (B, T, T) bool, true where query i must not see key j
   * @return (B, T, d)
   */
  Tensor forward(Tensor x, Tensor positions, Tensor mask) {
    long b = x.size(0);
    long t = x.size(1);
    Tensor q = split(linearQ.forward(x)); // (B, h, T, d_k)
    Tensor k = split(linearK.forward(x)); // (B, h, T, d_k)
    Tensor v = split(linearV.forward(x)); // (B, h, T, d_k)
    Tensor p = split(linearPos.forward(positions)); // (1, h, 2T-1, d_k)
    Tensor qu = q.add(biasU.unsqueeze(1)); // (B, h, T, d_k) + (h, 1, d_k)
    Tensor qv = q.add(biasV.unsqueeze(1));
    Tensor ac = qu.matmul(k.transpose(2, 3)); // (B, h, T, T)
    Tensor bd = relativeShift(qv.matmul(p.transpose(2, 3))).narrow(3, 0, t); // (B, h, T, T)
    Tensor scores = ac.add(bd).div(Math.sqrt(headSize));
    Tensor m = mask.unsqueeze(1); // (B, 1, T, T)
    Tensor attention = scores.maskedFill(m, MASKED_SCORE).softmax(3).maskedFill(m, 0.0); // (B, h, T, T)
    Tensor context = attention.dropout(dropout, dropoutActive()).matmul(v); // (B, h, T, d_k)
    if (FlopCount.counting()) {
      long d = (long) heads * headSize; // q k^T, (q + v) p^T over 2T-1 positions, attention times v
      FlopCount.add(2 * b * t * t * d + 2 * b * t * (2 * t - 1) * d + 2 * b * t * t * d);
    }
    return linearOut.forward(context.transpose(1, 2).reshape(b, t, (long) heads * headSize)); // (B, T, d)
  }

  /** (N, T, d) to (N, h, T, d_k). */
  private Tensor split(Tensor x) {
    return x.view(x.size(0), x.size(1), heads, headSize).transpose(1, 2);
  }

  /**
   * Transformer-XL's relative shift: row i of the (T, 2T-1) position scores, indexed by the position
   * T-1-r, is shifted so that column j holds relative position i-j (NeMo's {@code rel_shift}).
   *
   * @param x (B, h, T, 2T-1)
   * @return (B, h, T, 2T-1), of which the first T columns are used
   */
  static Tensor relativeShift(Tensor x) {
    long b = x.size(0);
    long h = x.size(1);
    long t = x.size(2);
    long positions = x.size(3);
    Tensor padded = x.pad(1, 0); // (B, h, T, 2T)
    Tensor rows = padded.reshape(b, h, positions + 1, t); // (B, h, 2T, T)
    return rows.narrow(2, 1, positions).reshape(b, h, t, positions); // (B, h, T, 2T-1)
  }
}

package org.rnnt4j.nn;

import org.rnnt4j.engine.Rnn;
import org.rnnt4j.engine.Tensor;

/**
 * A batch-first multi-layer LSTM with PyTorch's gate order (i, f, g, o) and parameter names
 * ({@code weight_ih_l0 (4H, In)}, {@code weight_hh_l0 (4H, H)}, {@code bias_ih_l0}, {@code bias_hh_l0}).
 * Mirrors {@code torch.nn.LSTM(batch_first=True)}.
 */
public final class Lstm extends Module {
  private final long hidden;
  private final int layers;
  private final double dropout;

  /** The recurrent state: h and c, each (layers, B, H). */
  public record State(Tensor h, Tensor c) {}

  /** Output (B, U, H) and the final state. */
  public record Output(Tensor output, State state) {}

  /**
   * @param forgetGateBias if not NaN, the forget-gate slice of {@code bias_ih} is set to this value and
   *     that of {@code bias_hh} to 0 (NeMo's {@code forget_gate_bias}, 1.0 by default)
   */
  public Lstm(long input, long hidden, int layers, double dropout, double forgetGateBias) {
    this.hidden = hidden;
    this.layers = layers;
    this.dropout = dropout;
    for (int l = 0; l < layers; l++) {
      long in = l == 0 ? input : hidden;
      registerParameter("weight_ih_l" + l, Init.fanIn(hidden, 4 * hidden, in));
      registerParameter("weight_hh_l" + l, Init.fanIn(hidden, 4 * hidden, hidden));
      Tensor bih = Init.fanIn(hidden, 4 * hidden);
      Tensor bhh = Init.fanIn(hidden, 4 * hidden);
      if (!Double.isNaN(forgetGateBias)) {
        bih.narrow(0, hidden, hidden).fill(forgetGateBias);
        bhh.narrow(0, hidden, hidden).zero();
      }
      registerParameter("bias_ih_l" + l, bih);
      registerParameter("bias_hh_l" + l, bhh);
    }
  }

  /** A zero state for a batch of {@code batch}, on the parameters' device. */
  public State zeroState(long batch) {
    Tensor z =
        Tensor.zeros(org.rnnt4j.engine.DType.FLOAT32, layers, batch, hidden)
            .to(parameter("weight_ih_l0").device());
    return new State(z, z);
  }

  /**
   * @param x (B, U, In)
   * @param state initial state, or null for zeros
   * @return output (B, U, H) and the final state
   */
  public Output forward(Tensor x, State state) {
    State s = state != null ? state : zeroState(x.size(0));
    java.util.List<Tensor> params = new java.util.ArrayList<>();
    for (int l = 0; l < layers; l++) {
      params.add(parameter("weight_ih_l" + l));
      params.add(parameter("weight_hh_l" + l));
      params.add(parameter("bias_ih_l" + l));
      params.add(parameter("bias_hh_l" + l));
    }
    Rnn.LstmResult r =
        Rnn.lstm(x, s.h(), s.c(), params, layers, dropoutActive() ? dropout : 0.0, isTraining());
    if (FlopCount.counting()) {
      // the input and recurrent products of the four gates, every layer and step
      long steps = x.size(0) * x.size(1);
      for (int l = 0; l < layers; l++) {
        long in = l == 0 ? x.size(2) : hidden;
        FlopCount.add(2 * steps * 4 * hidden * (in + hidden));
      }
    }
    return new Output(r.output(), new State(r.h(), r.c()));
  }

  public long hidden() {
    return hidden;
  }
}

package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;

/**
 * NeMo's {@code ConformerFeedForward}: Linear(d, d_ff) -> swish -> dropout -> Linear(d_ff, d). State
 * keys {@code linear1, linear2} (biases with {@code use_bias}).
 */
final class ConformerFeedForward extends Module {
  private final Linear linear1;
  private final Linear linear2;
  private final double dropout;

  ConformerFeedForward(int dModel, int hidden, double dropout, boolean useBias) {
    this.dropout = dropout;
    linear1 = registerModule("linear1", new Linear(dModel, hidden, useBias));
    linear2 = registerModule("linear2", new Linear(hidden, dModel, useBias));
  }

  /**
   * @param x (B, T, d)
   * @return (B, T, d)
   */
  Tensor forward(Tensor x) {
    return linear2.forward(linear1.forward(x).silu().dropout(dropout, dropoutActive()));
  }
}

package org.rnnt4j.nn;

import org.rnnt4j.engine.Tensor;

/** {@code y = x W^T + b}; state keys {@code weight (out, in)}, {@code bias (out)}. Mirrors {@code torch.nn.Linear}. */
public final class Linear extends Module {
  private final boolean hasBias;

  public Linear(long in, long out, boolean bias) {
    registerParameter("weight", Init.fanIn(in, out, in));
    hasBias = bias;
    if (bias) {
      registerParameter("bias", Init.fanIn(in, out));
    }
  }

  /**
   * @param x (..., in)
   * @return (..., out)
   */
  public Tensor forward(Tensor x) {
    Tensor weight = parameter("weight");
    Tensor y = x.linear(weight, hasBias ? parameter("bias") : null);
    if (FlopCount.counting()) {
      FlopCount.add(2 * y.numel() * weight.size(1));
    }
    return y;
  }
}

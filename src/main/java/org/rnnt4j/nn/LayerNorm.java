package org.rnnt4j.nn;

import org.rnnt4j.engine.Tensor;

/** Layer normalisation over the last dimension; keys {@code weight, bias}. Mirrors {@code torch.nn.LayerNorm}. */
public final class LayerNorm extends Module implements Normalization {
  private final double eps;

  public LayerNorm(long dim, double eps) {
    this.eps = eps;
    registerParameter("weight", Init.ones(dim));
    registerParameter("bias", Init.zeros(dim));
  }

  /**
   * @param x (..., dim)
   * @return (..., dim)
   */
  public Tensor forward(Tensor x) {
    return x.layerNorm(parameter("weight"), parameter("bias"), eps);
  }
}

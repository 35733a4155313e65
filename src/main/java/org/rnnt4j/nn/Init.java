package org.rnnt4j.nn;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;

/**
 * Parameter initialisers with PyTorch's and NeMo's formulas, drawing from libtorch's default generator
 * (seeded by {@code Engine.seed}).
 */
public final class Init {
  private Init() {}

  /** U(-bound, bound). */
  public static Tensor uniform(double bound, long... shape) {
    return Tensor.rand(shape).mul(2 * bound).sub(bound);
  }

  /** PyTorch's default for Linear/Conv weights and biases: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
  public static Tensor fanIn(long fanIn, long... shape) {
    return uniform(1.0 / Math.sqrt(fanIn), shape);
  }

  /** Glorot / Xavier uniform, as NeMo's {@code init_weights(mode='xavier_uniform')} uses. */
  public static Tensor xavierUniform(long fanIn, long fanOut, long... shape) {
    return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), shape);
  }

  public static Tensor normal(double std, long... shape) {
    return Tensor.randn(shape).mul(std);
  }

  public static Tensor zeros(long... shape) {
    return Tensor.zeros(DType.FLOAT32, shape);
  }

  public static Tensor ones(long... shape) {
    return Tensor.ones(DType.FLOAT32, shape);
  }
}

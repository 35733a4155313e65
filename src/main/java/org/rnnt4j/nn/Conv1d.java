package org.rnnt4j.nn;

import org.rnnt4j.engine.Tensor;

/**
 * 1-D convolution over (B, C_in, T); state keys {@code weight (C_out, C_in/groups, K)} and optional
 * {@code bias}. Mirrors {@code torch.nn.Conv1d}.
 */
public final class Conv1d extends Module {
  private final long stride;
  private final long padding;
  private final long dilation;
  private final long groups;
  private final boolean hasBias;

  public Conv1d(
      long in, long out, long kernel, long stride, long padding, long dilation, long groups, boolean bias) {
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.groups = groups;
    this.hasBias = bias;
    long fanIn = in / groups * kernel;
    registerParameter("weight", Init.fanIn(fanIn, out, in / groups, kernel));
    if (bias) {
      registerParameter("bias", Init.fanIn(fanIn, out));
    }
  }

  /**
   * @param x (B, C_in, T)
   * @return (B, C_out, T') with T' = (T + 2*padding - dilation*(K-1) - 1) / stride + 1
   */
  public Tensor forward(Tensor x) {
    Tensor weight = parameter("weight"); // (C_out, C_in/groups, K)
    Tensor y = x.conv1d(weight, hasBias ? parameter("bias") : null, stride, padding, dilation, groups);
    if (FlopCount.counting()) {
      FlopCount.add(2 * y.numel() * weight.size(1) * weight.size(2));
    }
    return y;
  }

  /** Output length for input length {@code length} (floor), as the convolution computes it. */
  public long outputLength(long length) {
    long k = parameter("weight").size(2);
    return Math.floorDiv(length + 2 * padding - dilation * (k - 1) - 1, stride) + 1;
  }

  public long stride() {
    return stride;
  }

  public long padding() {
    return padding;
  }

  public long dilation() {
    return dilation;
  }

  public long kernel() {
    return parameter("weight").size(2);
  }
}

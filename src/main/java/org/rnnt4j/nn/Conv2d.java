package org.rnnt4j.nn;

import org.rnnt4j.engine.Tensor;

/** 2-D convolution with square kernels over (B, C_in, H, W). Mirrors {@code torch.nn.Conv2d}. */
public final class Conv2d extends Module {
  private final long stride;
  private final long padding;
  private final long groups;

  public Conv2d(long in, long out, long kernel, long stride, long padding, long groups) {
    this.stride = stride;
    this.padding = padding;
    this.groups = groups;
    long fanIn = in / groups * kernel * kernel;
    registerParameter("weight", Init.fanIn(fanIn, out, in / groups, kernel, kernel));
    registerParameter("bias", Init.fanIn(fanIn, out));
  }

  /**
   * @param x (B, C_in, H, W)
   * @return (B, C_out, H', W')
   */
  public Tensor forward(Tensor x) {
    Tensor weight = parameter("weight"); // (C_out, C_in/groups, K, K)
    Tensor y = x.conv2d(weight, parameter("bias"), stride, padding, groups);
    if (FlopCount.counting()) {
      FlopCount.add(2 * y.numel() * weight.size(1) * weight.size(2) * weight.size(3));
    }
    return y;
  }
}

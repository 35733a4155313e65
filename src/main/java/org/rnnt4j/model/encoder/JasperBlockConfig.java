package org.rnnt4j.model.encoder;

import org.rnnt4j.util.Checks;

/**
 * One entry of a ConvASREncoder's {@code jasper:} list, with NeMo's keys.
 *
 * @param filters output channels
 * @param repeat sub-blocks
 * @param kernel kernel size before {@code kernel_size_factor}
 * @param stride 1 or 2
 * @param dilation 1 (dilated separable blocks are not supported with stride)
 * @param dropout dropout after each activation
 * @param residual whether the block has a residual branch
 * @param separable depthwise + pointwise convolutions (ContextNet); false is not supported yet
 * @param se squeeze-and-excitation after the last sub-block
 * @param seContextSize -1 for a global context (the only one supported)
 * @param seReductionRatio channels / bottleneck (8)
 * @param kernelSizeFactor multiplies the kernel, rounded down and made odd
 * @param strideLast only the last sub-block strides
 * @param residualMode how the residual branch meets the block's output
 */
public record JasperBlockConfig(
    int filters,
    int repeat,
    int kernel,
    int stride,
    int dilation,
    double dropout,
    boolean residual,
    boolean separable,
    boolean se,
    int seContextSize,
    int seReductionRatio,
    double kernelSizeFactor,
    boolean strideLast,
    ResidualMode residualMode) {

  public JasperBlockConfig {
    Checks.argument(filters > 0, "filters must be > 0, got %s", filters);
    Checks.argument(repeat > 0, "repeat must be > 0, got %s", repeat);
    Checks.argument(kernel > 0, "kernel must be > 0, got %s", kernel);
    Checks.argument(stride >= 1, "stride must be >= 1, got %s", stride);
    Checks.argument(dilation == 1 || stride == 1, "dilation %s with stride %s is not supported", dilation, stride);
    Checks.argument(separable, "only separable blocks (ContextNet) are supported, got separable: false");
    Checks.argument(seContextSize == -1 || !se, "only se_context_size -1 (global) is supported, got %s", seContextSize);
    Checks.notNull(residualMode, "residual_mode");
  }

  /** NeMo's {@code residual_mode} of a JasperBlock. */
  public enum ResidualMode {
    /** The residual 1x1 convolution keeps the frame rate; the branches are added. */
    ADD("add"),
    /** The residual 1x1 convolution strides as the block does (ContextNet's down-sampling blocks). */
    STRIDE_ADD("stride_add");

    private final String nemoName;

    ResidualMode(String nemoName) {
      this.nemoName = nemoName;
    }

    public String nemoName() {
      return nemoName;
    }

    /** Parses NeMo's name; an unknown one is an IllegalArgumentException listing the accepted names. */
    public static ResidualMode fromNemoName(String name) {
      for (ResidualMode m : values()) {
        if (m.nemoName.equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException("residual_mode must be add or stride_add, got '" + name + "'");
    }
  }

  /** The kernel after {@code kernel_size_factor}: at least 1, made odd (NeMo's compute_new_kernel_size). */
  public int effectiveKernel() {
    int k = Math.max((int) (kernel * kernelSizeFactor), 1);
    return k % 2 == 0 ? k + 1 : k;
  }
}

package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.BatchNorm1d;
import org.rnnt4j.nn.Conv1d;
import org.rnnt4j.nn.LayerNorm;
import org.rnnt4j.nn.Module;

/**
 * NeMo's {@code ConformerConvolution} (Gulati et al. 2020, figure 2): pointwise Conv1d(d, 2d) -> GLU
 * over channels -> zero the padding frames -> depthwise Conv1d(kernel K, groups d) -> BatchNorm1d or
 * LayerNorm over channels (eps 1e-5) -> swish -> pointwise Conv1d(d, d).
 *
 * <p>The depthwise convolution sees {@code left} frames before and {@code right} after each frame
 * (NeMo's {@code CausalConv1D} padding; symmetric (K-1)/2 by default). State keys: {@code
 * pointwise_conv1, depthwise_conv, batch_norm} (the name NeMo keeps for either norm), {@code
 * pointwise_conv2}; conv biases with {@code use_bias}.
 */
final class ConformerConvolution extends Module {
  private static final double NORM_EPS = 1e-5;

  private final Conv1d pointwise1;
  private final Conv1d depthwise;
  private final BatchNorm1d batchNorm;
  private final LayerNorm layerNorm;
  private final Conv1d pointwise2;
  private final ConformerConfig.ContextSize context;

  ConformerConvolution(int dModel, int kernel, ConformerConfig.ContextSize context, ConformerConfig.ConvNorm norm, boolean useBias) {
    this.context = context;
    pointwise1 = registerModule("pointwise_conv1", new Conv1d(dModel, 2L * dModel, 1, 1, 0, 1, 1, useBias));
    depthwise = registerModule("depthwise_conv", new Conv1d(dModel, dModel, kernel, 1, 0, 1, dModel, useBias));
    if (norm == ConformerConfig.ConvNorm.BATCH_NORM) {
      batchNorm = registerModule("batch_norm", new BatchNorm1d(dModel, NORM_EPS));
      layerNorm = null;
    } else {
      batchNorm = null;
      layerNorm = registerModule("batch_norm", new LayerNorm(dModel, NORM_EPS));
    }
    pointwise2 = registerModule("pointwise_conv2", new Conv1d(dModel, dModel, 1, 1, 0, 1, 1, useBias));
  }

  /**
   * @param x (B, T, d)
   * @param padding (B, T) bool, true at padding frames
   * @return (B, T, d)
   */
  Tensor forward(Tensor x, Tensor padding) {
    Tensor h = pointwise1.forward(x.transpose(1, 2)).glu(1); // (B, d, T)
    h = h.maskedFill(padding.unsqueeze(1), 0.0); // (B, 1, T) broadcast
    h = depthwise.forward(h.pad(context.left(), context.right())); // (B, d, T)
    if (batchNorm != null) {
      h = batchNorm.forward(h);
    } else {
      h = layerNorm.forward(h.transpose(1, 2)).transpose(1, 2); // normalised over channels
    }
    return pointwise2.forward(h.silu()).transpose(1, 2); // (B, T, d)
  }
}

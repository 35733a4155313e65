package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.BatchNorm1d;
import org.rnnt4j.nn.Module;
import org.rnnt4j.nn.ModuleList;

/**
 * A separable ContextNet block as NeMo's {@code JasperBlock} builds it: {@code repeat} sub-blocks of
 * depthwise conv, pointwise conv and BatchNorm (with swish and dropout between sub-blocks), a
 * squeeze-and-excitation, an optional residual (pointwise conv + BatchNorm of the block input), then
 * swish and dropout. State keys follow NeMo's {@code mconv.<i>} numbering: sub-block r at 5r, 5r+1,
 * 5r+2; SE at 5R-2; residual at {@code res.0.0.conv} and {@code res.0.1}.
 */
final class JasperBlock extends Module {
  private static final double BN_EPS = 1e-3;
  private final JasperBlockConfig config;
  private final ModuleList mconv;
  private final ModuleList residual;

  JasperBlock(long inChannels, JasperBlockConfig config) {
    this.config = config;
    int k = config.effectiveKernel();
    mconv = registerModule("mconv", new ModuleList());
    long channels = inChannels;
    for (int r = 0; r < config.repeat(); r++) {
      boolean strides = !config.strideLast() || r == config.repeat() - 1;
      long stride = strides ? config.stride() : 1;
      mconv.put(5 * r, new MaskedConv1d(channels, channels, k, stride, config.dilation(), channels));
      mconv.put(5 * r + 1, new MaskedConv1d(channels, config.filters(), 1, 1, 1, 1));
      mconv.put(5 * r + 2, new BatchNorm1d(config.filters(), BN_EPS));
      channels = config.filters();
    }
    if (config.se()) {
      mconv.put(5 * config.repeat() - 2, new SqueezeExcite(config.filters(), config.seReductionRatio()));
    }
    if (config.residual()) {
      ModuleList res = registerModule("res", new ModuleList());
      residual = res.put(0, new ModuleList());
      long resStride = config.residualMode() == JasperBlockConfig.ResidualMode.STRIDE_ADD ? config.stride() : 1;
      residual.put(0, new MaskedConv1d(inChannels, config.filters(), 1, resStride, 1, 1));
      residual.put(1, new BatchNorm1d(config.filters(), BN_EPS));
    } else {
      residual = null;
    }
  }

  /**
   * @param x (B, C_in, T)
   * @param lengths (B)
   * @return (B, filters, T') and lengths
   */
  Encoded forward(Tensor x, Tensor lengths) {
    Tensor out = x;
    Tensor lens = lengths;
    for (int r = 0; r < config.repeat(); r++) {
      Encoded depthwise = mconv.<MaskedConv1d>get(5 * r).forward(out, lens);
      Encoded pointwise = mconv.<MaskedConv1d>get(5 * r + 1).forward(depthwise.values(), depthwise.lengths());
      lens = pointwise.lengths();
      out = mconv.<BatchNorm1d>get(5 * r + 2).forward(pointwise.values());
      if (r < config.repeat() - 1) {
        out = out.silu().dropout(config.dropout(), dropoutActive());
      }
    }
    if (config.se()) {
      out = mconv.<SqueezeExcite>get(5 * config.repeat() - 2).forward(out, lens);
    }
    if (residual != null) {
      Encoded res = residual.<MaskedConv1d>get(0).forward(x, lengths);
      out = out.add(residual.<BatchNorm1d>get(1).forward(res.values()));
    }
    return new Encoded(out.silu().dropout(config.dropout(), dropoutActive()), lens);
  }
}

package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;
import org.rnnt4j.nn.ModuleList;

/**
 * NeMo's {@code SqueezeExcite} with a global context ({@code se_context_size: -1}): the masked input is
 * averaged over the valid frames, passed through {@code fc.0} (C to C/r, no bias), swish, {@code fc.2}
 * (C/r to C, no bias), a sigmoid, and multiplies the masked input channel-wise (Hu et al. 2018, as used
 * by ContextNet).
 */
final class SqueezeExcite extends Module {
  private final Linear reduce;
  private final Linear expand;

  SqueezeExcite(long channels, int reductionRatio) {
    ModuleList fc = registerModule("fc", new ModuleList());
    reduce = fc.put(0, new Linear(channels, channels / reductionRatio, false));
    expand = fc.put(2, new Linear(channels / reductionRatio, channels, false));
  }

  /**
   * @param x (B, C, T)
   * @param lengths (B)
   * @return (B, C, T)
   */
  Tensor forward(Tensor x, Tensor lengths) {
    Tensor masked = x.mul(Masks.valid(lengths, x.size(2))); // (B, C, T)
    Tensor pooled = masked.sum(2, false).div(lengths.to(org.rnnt4j.engine.DType.FLOAT32).clampMin(1).unsqueeze(1)); // (B, C)
    Tensor scale = expand.forward(reduce.forward(pooled).silu()).sigmoid(); // (B, C)
    return masked.mul(scale.unsqueeze(2)); // (B, C, T)
  }
}

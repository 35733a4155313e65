package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Conv1d;
import org.rnnt4j.nn.Module;

/**
 * NeMo's {@code MaskedConv1d}: zeroes the input at {@code t >= length}, convolves, and updates the lengths
 * for the convolution's stride. State key: {@code conv.weight} (no bias in ContextNet).
 */
final class MaskedConv1d extends Module {
  private final Conv1d conv;

  MaskedConv1d(long in, long out, long kernel, long stride, long dilation, long groups) {
    long padding = dilation * (kernel - 1) / 2;
    conv = registerModule("conv", new Conv1d(in, out, kernel, stride, padding, dilation, groups, false));
  }

  /**
   * @param x (B, C_in, T)
   * @param lengths (B) int64
   * @return (B, C_out, T') with lengths updated as NeMo's {@code get_seq_len}
   */
  Encoded forward(Tensor x, Tensor lengths) {
    Tensor masked = x.mul(Masks.valid(lengths, x.size(2))); // (B, C_in, T)
    return new Encoded(conv.forward(masked), outputLengths(lengths));
  }

  /** The lengths after this convolution's stride, as NeMo's {@code get_seq_len}: (B) int64 to (B) int64. */
  Tensor outputLengths(Tensor lengths) {
    if (conv.stride() == 1 && 2 * conv.padding() == conv.dilation() * (conv.kernel() - 1)) {
      return lengths;
    }
    long[] in = lengths.toLongArray();
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      long numerator = in[i] + 2 * conv.padding() - conv.dilation() * (conv.kernel() - 1) - 1;
      out[i] = numerator / conv.stride() + 1; // trunc division, as NeMo
    }
    return Tensor.ofLongs(out, out.length).to(lengths.device());
  }
}

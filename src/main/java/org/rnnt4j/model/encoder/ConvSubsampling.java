package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Conv2d;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;
import org.rnnt4j.nn.ModuleList;

/**
 * NeMo's {@code ConvSubsampling} ({@code nemo/collections/asr/parts/submodules/subsampling.py}) for the
 * {@code striding} (Conformer) and {@code dw_striding} (FastConformer) kinds: 2-D convolutions over the
 * features seen as a one-channel (time, mel) image, each stride-2 3x3 conv halving time and frequency,
 * then a Linear projection of the flattened (channel, frequency) axes to d_model.
 *
 * <p>As NeMo's {@code MaskedConvSequential} (since NeMo 2.5), frames at or beyond each utterance's
 * current length are zeroed before every layer, so padding never leaks into valid frames, and every
 * stride-2 conv updates the lengths to {@code floor((len - 1) / 2) + 1}.
 *
 * <p>State keys: {@code out.weight (d_model, C*F'), out.bias} (registered first, as in NeMo), then
 * {@code conv.<i>.weight/bias} at NeMo's Sequential indices (activations are the missing indices):
 * striding 0, 2, 4, ...; dw_striding 0, then depthwise/pointwise pairs at 2/3, 5/6, ...
 */
final class ConvSubsampling extends Module {
  private static final int KERNEL = 3;
  private static final int STRIDE = 2;
  private static final int PADDING = 1;

  private final Linear out;
  private final ModuleList conv;
  private final int[] convIndices;
  private final boolean[] strided;
  private final boolean[] activated;
  private final int channels;

  /**
   * @param featIn F, the mel bands
   * @param dModel the output size
   */
  ConvSubsampling(ConformerConfig.Subsampling config, int featIn, int dModel) {
    this.channels = config.convChannels();
    int stages = config.stages();
    int frequencies = featIn;
    for (int i = 0; i < stages; i++) {
      frequencies = outputLength(frequencies);
    }
    out = registerModule("out", new Linear((long) channels * frequencies, dModel, true));
    conv = registerModule("conv", new ModuleList());
    int layers = config.kind() == ConformerConfig.SubsamplingKind.STRIDING ? stages : 1 + 2 * (stages - 1);
    convIndices = new int[layers];
    strided = new boolean[layers];
    activated = new boolean[layers];
    if (config.kind() == ConformerConfig.SubsamplingKind.STRIDING) {
      long in = 1;
      for (int i = 0; i < stages; i++) {
        convIndices[i] = 2 * i; // conv, ReLU, conv, ReLU, ...
        conv.put(2 * i, new Conv2d(in, channels, KERNEL, STRIDE, PADDING, 1));
        strided[i] = true;
        activated[i] = true;
        in = channels;
      }
    } else {
      conv.put(0, new Conv2d(1, channels, KERNEL, STRIDE, PADDING, 1));
      strided[0] = true;
      activated[0] = true;
      for (int i = 1; i < stages; i++) {
        int depthwise = 3 * i - 1; // conv0, ReLU, [dw, pw, ReLU] ...
        int layer = 2 * i - 1;
        convIndices[layer] = depthwise;
        conv.put(depthwise, new Conv2d(channels, channels, KERNEL, STRIDE, PADDING, channels));
        strided[layer] = true;
        convIndices[layer + 1] = depthwise + 1;
        conv.put(depthwise + 1, new Conv2d(channels, channels, 1, 1, 0, 1));
        activated[layer + 1] = true;
      }
    }
  }

  /** A stride-2 3x3 conv with padding 1 on {@code length} frames (NeMo's calculate_conv_output_size). */
  static int outputLength(int length) {
    return Math.floorDiv(length + 2 * PADDING - KERNEL, STRIDE) + 1;
  }

  /**
   * @param x features, time-major (B, T, F)
   * @param lengths (B) int64
   * @return (B, T', d_model) with T' = T after log2(factor) halvings, and the subsampled lengths
   */
  Frames forward(Tensor x, Tensor lengths) {
    Tensor lens = lengths;
    Tensor h = masked(x.unsqueeze(1), lens); // (B, 1, T, F)
    for (int i = 0; i < convIndices.length; i++) {
      h = conv.<Conv2d>get(convIndices[i]).forward(h); // (B, C, T', F')
      if (strided[i]) {
        lens = outputLengths(lens);
      }
      h = masked(h, lens);
      if (activated[i]) {
        h = h.relu();
      }
    }
    long b = h.size(0);
    long t = h.size(2);
    Tensor flat = h.transpose(1, 2).reshape(b, t, (long) channels * h.size(3)); // (B, T', C*F'), index c*F' + f
    return new Frames(out.forward(flat), lens); // (B, T', d_model)
  }

  /** Zeroes time steps at or beyond each length: x (B, C, T, F). */
  private static Tensor masked(Tensor x, Tensor lengths) {
    return x.mul(Masks.valid(lengths, x.size(2)).unsqueeze(3)); // (B, 1, T, 1) broadcast
  }

  private static Tensor outputLengths(Tensor lengths) {
    long[] in = lengths.toLongArray();
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Math.floorDiv(in[i] + 2 * PADDING - KERNEL, STRIDE) + 1;
    }
    return Tensor.ofLongs(out, out.length).to(lengths.device());
  }
}

package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.LayerNorm;
import org.rnnt4j.nn.Module;

/**
 * One Conformer block as NeMo's {@code ConformerLayer} computes it (Gulati et al. 2020, the macaron
 * layout): {@code x + 0.5 FF1(LN(x))}, {@code + MHSA(LN(.))}, {@code + Conv(LN(.))}, {@code + 0.5
 * FF2(LN(.))}, then a final LayerNorm; every branch output passes dropout before it is added. All
 * LayerNorms use eps 1e-5.
 *
 * <p>State keys in NeMo's registration order: {@code norm_feed_forward1, feed_forward1, norm_conv, conv,
 * norm_self_att, self_attn, norm_feed_forward2, feed_forward2, norm_out}.
 */
final class ConformerLayer extends Module {
  private static final double NORM_EPS = 1e-5;
  private static final double FF_SCALE = 0.5;

  private final LayerNorm normFeedForward1;
  private final ConformerFeedForward feedForward1;
  private final LayerNorm normConv;
  private final ConformerConvolution conv;
  private final LayerNorm normSelfAttention;
  private final RelPositionMultiHeadAttention selfAttention;
  private final LayerNorm normFeedForward2;
  private final ConformerFeedForward feedForward2;
  private final LayerNorm normOut;
  private final double dropout;

  ConformerLayer(ConformerConfig c) {
    int d = c.dModel();
    int hidden = d * c.ffExpansionFactor();
    dropout = c.dropouts().dropout();
    normFeedForward1 = registerModule("norm_feed_forward1", new LayerNorm(d, NORM_EPS));
    feedForward1 = registerModule("feed_forward1", new ConformerFeedForward(d, hidden, dropout, c.useBias()));
    normConv = registerModule("norm_conv", new LayerNorm(d, NORM_EPS));
    conv = registerModule("conv", new ConformerConvolution(d, c.convKernelSize(), c.convContext(), c.convNorm(), c.useBias()));
    normSelfAttention = registerModule("norm_self_att", new LayerNorm(d, NORM_EPS));
    selfAttention =
        registerModule(
            "self_attn", new RelPositionMultiHeadAttention(c.heads(), d, c.dropouts().attention(), c.useBias()));
    normFeedForward2 = registerModule("norm_feed_forward2", new LayerNorm(d, NORM_EPS));
    feedForward2 = registerModule("feed_forward2", new ConformerFeedForward(d, hidden, dropout, c.useBias()));
    normOut = registerModule("norm_out", new LayerNorm(d, NORM_EPS));
  }

  /**
   * @param x (B, T, d)
   * @param positions (1, 2T-1, d) relative position embeddings
   * @param attentionMask (B, T, T) bool, true where query i must not see key j
   * @param padding (B, T) bool, true at padding frames
   * @return (B, T, d)
   */
  Tensor forward(Tensor x, Tensor positions, Tensor attentionMask, Tensor padding) {
    Tensor residual = x.add(branch(feedForward1.forward(normFeedForward1.forward(x))).mul(FF_SCALE));
    residual = residual.add(branch(selfAttention.forward(normSelfAttention.forward(residual), positions, attentionMask)));
    residual = residual.add(branch(conv.forward(normConv.forward(residual), padding)));
    residual = residual.add(branch(feedForward2.forward(normFeedForward2.forward(residual))).mul(FF_SCALE));
    return normOut.forward(residual);
  }

  private Tensor branch(Tensor x) {
    return x.dropout(dropout, dropoutActive());
  }
}

package org.rnnt4j.model.encoder;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code ConformerEncoder} settings (Conformer with {@code striding} subsampling, FastConformer
 * with {@code dw_striding} 8x), with NeMo's key names in the javadoc. Only the options published NeMo
 * Conformer/FastConformer transducers use are representable: relative-position self-attention
 * ({@code self_attention_model: rel_pos}) with per-layer biases ({@code untie_biases: true}),
 * {@code att_context_style: regular}, non-causal convolutional subsampling, no {@code reduction}.
 *
 * @param featIn {@code feat_in}, mel bands
 * @param layers {@code n_layers}
 * @param dModel {@code d_model}
 * @param featOut {@code feat_out}: the size of an extra output projection ({@code out_proj}); -1 (or
 *     {@code d_model}) for none
 * @param subsampling {@code subsampling}, {@code subsampling_factor}, {@code subsampling_conv_channels}
 * @param ffExpansionFactor {@code ff_expansion_factor}: the feed-forward hidden size is this times d_model
 * @param heads {@code n_heads}
 * @param attentionContext {@code att_context_size}: frames visible on each side, -1 = unlimited
 * @param xscaling {@code xscaling}: multiply the subsampled frames by sqrt(d_model)
 * @param convKernelSize {@code conv_kernel_size}, odd
 * @param convNorm {@code conv_norm_type}
 * @param convContext {@code conv_context_size}: left and right frames of the depthwise convolution
 *     (null in the conf = symmetric, "causal" = (K-1, 0)); left + right + 1 = kernel
 * @param useBias {@code use_bias}: biases of the Linear and Conv1d layers inside each Conformer layer
 * @param dropouts the four dropout probabilities
 * @param stochasticDepth {@code stochastic_depth_*}
 */
public record ConformerConfig(
    int featIn,
    int layers,
    int dModel,
    int featOut,
    Subsampling subsampling,
    int ffExpansionFactor,
    int heads,
    ContextSize attentionContext,
    boolean xscaling,
    int convKernelSize,
    ConvNorm convNorm,
    ContextSize convContext,
    boolean useBias,
    Dropouts dropouts,
    StochasticDepth stochasticDepth)
    implements EncoderConfig {

  public ConformerConfig {
    Checks.argument(featIn > 0, "feat_in must be > 0, got %s", featIn);
    Checks.argument(layers > 0, "n_layers must be > 0, got %s", layers);
    Checks.argument(dModel > 0, "d_model must be > 0, got %s", dModel);
    Checks.argument(heads > 0 && dModel % heads == 0, "d_model %s must be a multiple of n_heads %s", dModel, heads);
    Checks.argument(ffExpansionFactor > 0, "ff_expansion_factor must be > 0, got %s", ffExpansionFactor);
    Checks.argument(convKernelSize > 0 && convKernelSize % 2 == 1, "conv_kernel_size must be odd, got %s", convKernelSize);
    Checks.argument(
        convContext.left() >= 0 && convContext.right() >= 0 && convContext.left() + convContext.right() + 1 == convKernelSize,
        "conv_context_size [%s, %s] must be two non-negative sizes adding up to conv_kernel_size - 1 = %s",
        convContext.left(), convContext.right(), convKernelSize - 1);
  }

  /** The encoder's output size H: {@code feat_out} when it asks for a projection, else d_model. */
  public int outputSize() {
    return featOut > 0 ? featOut : dModel;
  }

  @Override
  public Encoder build() {
    return new ConformerEncoder(this);
  }

  /** {@code subsampling}: the convolutional front end's kind. */
  public enum SubsamplingKind {
    /** Conformer: [Conv2d(3x3, stride 2) + ReLU] x log2(factor). */
    STRIDING("striding"),
    /** FastConformer: Conv2d(3x3, stride 2) + ReLU, then [depthwise 3x3 stride 2, pointwise 1x1, ReLU] x (log2(factor) - 1). */
    DW_STRIDING("dw_striding");

    private final String nemoName;

    SubsamplingKind(String nemoName) {
      this.nemoName = nemoName;
    }

    public String nemoName() {
      return nemoName;
    }

    /** Parses NeMo's name; an unknown one is an IllegalArgumentException listing the supported names. */
    public static SubsamplingKind fromNemoName(String name) {
      for (SubsamplingKind k : values()) {
        if (k.nemoName.equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "subsampling '" + name + "' is not supported (striding, dw_striding)"
              + (name.equals("vggnet") ? "; NeMo 2.6's own masked subsampling cannot run vggnet either" : ""));
    }
  }

  /**
   * @param kind {@code subsampling}
   * @param factor {@code subsampling_factor}, a power of 2, at least 2
   * @param convChannels {@code subsampling_conv_channels} (-1 in the conf = d_model, resolved by the binder)
   */
  public record Subsampling(SubsamplingKind kind, int factor, int convChannels) {
    public Subsampling {
      Checks.argument(
          factor >= 2 && Integer.bitCount(factor) == 1, "subsampling_factor must be a power of 2 >= 2, got %s", factor);
      Checks.argument(convChannels > 0, "subsampling_conv_channels must be > 0, got %s", convChannels);
    }

    /** The number of stride-2 convolutions, log2(factor). */
    public int stages() {
      return Integer.numberOfTrailingZeros(factor);
    }
  }

  /** {@code conv_norm_type}: the normalisation after the depthwise convolution (state key {@code batch_norm} either way). */
  public enum ConvNorm {
    BATCH_NORM("batch_norm"),
    LAYER_NORM("layer_norm");

    private final String nemoName;

    ConvNorm(String nemoName) {
      this.nemoName = nemoName;
    }

    public static ConvNorm fromNemoName(String name) {
      for (ConvNorm n : values()) {
        if (n.nemoName.equals(name)) {
          return n;
        }
      }
      throw new IllegalArgumentException("conv_norm_type '" + name + "' is not supported (batch_norm, layer_norm)");
    }
  }

  /**
   * Frames visible on each side.
   *
   * @param left frames to the left (-1 = unlimited where allowed)
   * @param right frames to the right (-1 = unlimited where allowed)
   */
  public record ContextSize(int left, int right) {
    public static final ContextSize UNLIMITED = new ContextSize(-1, -1);

    public ContextSize {
      Checks.argument(left >= -1 && right >= -1, "context sizes must be >= -1, got [%s, %s]", left, right);
    }
  }

  /**
   * @param dropout {@code dropout}: feed-forward inner activations and every residual branch
   * @param preEncoder {@code dropout_pre_encoder}: the (scaled) subsampled frames
   * @param embedding {@code dropout_emb}: the relative position embeddings
   * @param attention {@code dropout_att}: the attention probabilities
   */
  public record Dropouts(double dropout, double preEncoder, double embedding, double attention) {
    public Dropouts {
      for (double p : new double[] {dropout, preEncoder, embedding, attention}) {
        Checks.argument(p >= 0 && p < 1, "dropout probabilities must be in [0, 1), got %s", p);
      }
    }
  }

  /** {@code stochastic_depth_mode}. */
  public enum DepthMode {
    LINEAR,
    UNIFORM
  }

  /**
   * Stochastic depth (Huang et al. 2016, as NeMo's {@code compute_stochastic_depth_drop_probs}): in
   * training, layer {@code l} is skipped with probability {@code p_l}, else its residual update is scaled
   * by {@code 1 / (1 - p_l)}.
   *
   * @param dropProbability {@code stochastic_depth_drop_prob} in [0, 1); 0 = off
   * @param mode linear (growing to the probability at the last layer) or uniform
   * @param startLayer {@code stochastic_depth_start_layer}: layers before it (1-based count) are never dropped
   */
  public record StochasticDepth(double dropProbability, DepthMode mode, int startLayer) {
    public static final StochasticDepth OFF = new StochasticDepth(0, DepthMode.LINEAR, 1);

    public StochasticDepth {
      Checks.argument(
          dropProbability >= 0 && dropProbability < 1, "stochastic_depth_drop_prob must be in [0, 1), got %s", dropProbability);
      Checks.argument(startLayer >= 1, "stochastic_depth_start_layer must be >= 1, got %s", startLayer);
    }

    /** The drop probability of each of {@code layers} layers. */
    public List<Double> layerProbabilities(int layers) {
      Checks.argument(
          startLayer <= layers, "stochastic_depth_start_layer %s must be at most n_layers %s", startLayer, layers);
      List<Double> out = new ArrayList<>();
      for (int l = 0; l < startLayer; l++) {
        out.add(0.0);
      }
      int remaining = layers - startLayer;
      for (int l = 1; l <= remaining; l++) {
        out.add(mode == DepthMode.LINEAR ? (double) l / remaining * dropProbability : dropProbability);
      }
      return List.copyOf(out);
    }
  }
}

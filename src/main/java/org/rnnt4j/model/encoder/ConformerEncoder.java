package org.rnnt4j.model.encoder;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.nn.ActivationCheckpointing;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;
import org.rnnt4j.nn.ModuleList;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code ConformerEncoder} ({@code nemo/collections/asr/modules/conformer_encoder.py}): the
 * Conformer of Gulati et al. 2020 ("Conformer: Convolution-augmented Transformer for Speech
 * Recognition") and, with 8x depthwise-separable subsampling, NVIDIA's FastConformer (Rekesh et al.
 * 2023). Features (B, D, T) are subsampled by {@link ConvSubsampling}, scaled by sqrt(d_model)
 * ({@code xscaling}), run through {@code n_layers} {@link ConformerLayer}s with relative-position
 * self-attention, and optionally projected to {@code feat_out}.
 *
 * <p>Padding frames are masked out of the attention (as keys and queries) and out of each convolution
 * module's input; output frames beyond the lengths are not zeroed (NeMo does not either).
 *
 * <p>State keys under this module (registered as {@code encoder}): {@code pre_encode.*}, {@code
 * layers.<l>.*}, and {@code out_proj.*} when {@code feat_out} asks for it.
 */
public final class ConformerEncoder extends Module implements Encoder {
  private final ConformerConfig config;
  private final ConvSubsampling preEncode;
  private final RelPositionalEncoding positionalEncoding;
  private final List<ConformerLayer> layers;
  private final List<Double> layerDropProbabilities;
  private final Linear outProjection;
  private boolean checkpointing;

  public ConformerEncoder(ConformerConfig config) {
    this.config = config;
    int d = config.dModel();
    preEncode = registerModule("pre_encode", new ConvSubsampling(config.subsampling(), config.featIn(), d));
    positionalEncoding =
        registerModule(
            "pos_enc",
            new RelPositionalEncoding(
                d, config.xscaling() ? Math.sqrt(d) : 0, config.dropouts().preEncoder(), config.dropouts().embedding()));
    ModuleList list = registerModule("layers", new ModuleList());
    List<ConformerLayer> built = new ArrayList<>();
    for (int l = 0; l < config.layers(); l++) {
      built.add(list.put(l, new ConformerLayer(config)));
    }
    layers = List.copyOf(built);
    layerDropProbabilities = config.stochasticDepth().layerProbabilities(config.layers());
    outProjection = config.featOut() > 0 && config.featOut() != d
        ? registerModule("out_proj", new Linear(d, config.featOut(), true))
        : null;
  }

  public ConformerConfig config() {
    return config;
  }

  @Override
  public Encoded encode(Tensor features, Tensor lengths) {
    Checks.argument(
        features.dim() == 3 && features.size(1) == config.featIn(),
        "features must be (B, %s, T), got %s", config.featIn(), features.shapeString());
    Checks.argument(
        lengths.dim() == 1 && lengths.size(0) == features.size(0),
        "lengths must be (B) = (%s), got %s", features.size(0), lengths.shapeString());
    Frames sub = preEncode.forward(features.transpose(1, 2), lengths); // (B, T', d)
    RelPositionalEncoding.Output scaled = positionalEncoding.forward(sub.values());
    long t = sub.values().size(1);
    Tensor padding = Masks.padding(sub.lengths(), t); // (B, T')
    Tensor attentionMask = attentionMask(padding, t); // (B, T', T')
    Tensor x = scaled.values();
    Tensor positions = scaled.positions();
    Checks.state(!checkpointing || !positions.requiresGrad(), "checkpointed layers must not capture tensors that require gradients");
    for (int l = 0; l < layers.size(); l++) {
      ConformerLayer layer = layers.get(l);
      if (checkpointing) { // the checkpoint keeps the handles its backward pass needs
        Tensor in = x;
        Tensor out = ActivationCheckpointing.apply(layer, in, y -> layer.forward(y, positions, attentionMask, padding));
        x = stochasticDepth(in, out, layerDropProbabilities.get(l));
      } else {
        try (TensorScope layerScope = new TensorScope()) { // the layer's temporaries are freed when it returns
          Tensor in = x;
          Tensor out = layer.forward(in, positions, attentionMask, padding);
          x = layerScope.handOver(stochasticDepth(in, out, layerDropProbabilities.get(l)));
        }
      }
    }
    if (outProjection != null) {
      x = outProjection.forward(x);
    }
    return new Encoded(x.transpose(1, 2), sub.lengths()); // (B, H, T')
  }

  /**
   * NeMo's {@code _create_masks} for {@code att_context_style: regular}: query i may see key j when
   * both are valid frames and {@code -left <= j - i <= right} (unlimited sides are -1).
   *
   * @param padding (B, T) bool, true at padding
   * @return (B, T, T) bool, true where masked
   */
  private Tensor attentionMask(Tensor padding, long t) {
    Tensor invalid = padding.unsqueeze(2).logicalOr(padding.unsqueeze(1)); // (B, T, T)
    ConformerConfig.ContextSize context = config.attentionContext();
    if (context.left() < 0 && context.right() < 0) {
      return invalid;
    }
    Tensor i = Tensor.arange(t).to(padding.device()).unsqueeze(1); // (T, 1)
    Tensor j = Tensor.arange(t).to(padding.device()).unsqueeze(0); // (1, T)
    Tensor offset = j.sub(i); // (T, T): j - i
    Tensor outside = context.left() >= 0 ? offset.lt(-context.left()) : null;
    if (context.right() >= 0) {
      Tensor right = offset.gt(context.right());
      outside = outside == null ? right : outside.logicalOr(right);
    }
    return invalid.logicalOr(outside.unsqueeze(0));
  }

  /**
   * Stochastic depth as NeMo applies it in training: with probability p the layer's update is dropped
   * (multiplied by 0, so every parameter still gets a gradient), otherwise it is scaled by 1/(1-p).
   */
  private Tensor stochasticDepth(Tensor input, Tensor output, double p) {
    if (!isTraining() || p <= 0) {
      return output;
    }
    if (Tensor.rand(1).item() < p) {
      return output.mul(0.0).add(input);
    }
    return output.sub(input).div(1.0 - p).add(input);
  }

  @Override
  public void gradientCheckpointing(boolean enabled) {
    checkpointing = enabled;
  }

  @Override
  public long hiddenSize() {
    return config.outputSize();
  }

  @Override
  public Module module() {
    return this;
  }
}

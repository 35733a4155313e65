package org.rnnt4j.model;

import java.util.List;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.model.encoder.ConformerConfig;
import org.rnnt4j.model.encoder.ConformerConfig.ContextSize;
import org.rnnt4j.util.ConfigException;

/**
 * Binds a NeMo {@code ConformerEncoder} section ({@code encoder._target_:
 * nemo.collections.asr.modules.ConformerEncoder}) to a {@link ConformerConfig}. Keys a conf may omit take
 * the defaults of {@code ConformerEncoder.__init__} (NeMo 2.6), named next to each key. Options that
 * would change the numbers and are not implemented are rejected with their key path; options that do
 * not change them ({@code pos_emb_max_len}, {@code use_pytorch_sdpa}, {@code subsampling_conv_chunking_factor},
 * {@code sync_max_audio_length}) are accepted and ignored.
 */
final class ConformerConfigBinder {
  private ConformerConfigBinder() {}

  static ConformerConfig bind(ConfigNode e) {
    requireValue(e, "self_attention_model", "rel_pos", "rel_pos");
    requireValue(e, "att_context_style", "regular", "regular");
    if (e.findBool("untie_biases").orElse(true) == Boolean.FALSE) {
      throw unsupported(e, "untie_biases", "false", "true (per-layer pos_bias_u/v)");
    }
    if (e.findBool("causal_downsampling").orElse(false)) {
      throw unsupported(e, "causal_downsampling", "true", "false");
    }
    if (e.findString("reduction").isPresent() && e.findInt("reduction_factor").orElse(1) > 1) {
      throw unsupported(e, "reduction", e.getString("reduction"), "null");
    }
    if (e.has("subsampling") && e.isNull("subsampling")) {
      throw unsupported(e, "subsampling", "null", "striding, dw_striding");
    }
    int dModel = e.getInt("d_model");
    int convChannels = e.findInt("subsampling_conv_channels").orElse(-1);
    ConformerConfig.SubsamplingKind kind =
        e.findChoice("subsampling", ConformerConfig.SubsamplingKind::fromNemoName).orElse(ConformerConfig.SubsamplingKind.STRIDING);
    int kernel = e.findInt("conv_kernel_size").orElse(31);
    return new ConformerConfig(
        e.getInt("feat_in"),
        e.getInt("n_layers"),
        dModel,
        e.findInt("feat_out").orElse(-1),
        new ConformerConfig.Subsampling(
            kind, e.findInt("subsampling_factor").orElse(4), convChannels == -1 ? dModel : convChannels),
        e.findInt("ff_expansion_factor").orElse(4),
        e.findInt("n_heads").orElse(4),
        attentionContext(e),
        e.findBool("xscaling").orElse(true),
        kernel,
        e.findChoice("conv_norm_type", ConformerConfig.ConvNorm::fromNemoName).orElse(ConformerConfig.ConvNorm.BATCH_NORM),
        convContext(e, kernel),
        e.findBool("use_bias").orElse(true),
        new ConformerConfig.Dropouts(
            e.findDouble("dropout").orElse(0.1),
            e.findDouble("dropout_pre_encoder").orElse(0.1),
            e.findDouble("dropout_emb").orElse(0.1),
            e.findDouble("dropout_att").orElse(0.0)),
        new ConformerConfig.StochasticDepth(
            e.findDouble("stochastic_depth_drop_prob").orElse(0.0),
            depthMode(e),
            e.findInt("stochastic_depth_start_layer").orElse(1)));
  }

  /** {@code att_context_size}: null, {@code [left, right]}, or a one-element list of such pairs. */
  private static ContextSize attentionContext(ConfigNode e) {
    if (!e.has("att_context_size") || e.isNull("att_context_size")) {
      return ContextSize.UNLIMITED;
    }
    List<Integer> pair;
    try {
      pair = e.getIntList("att_context_size");
    } catch (ConfigException nested) {
      List<ConfigNode> pairs = e.getList("att_context_size");
      if (pairs.size() != 1) {
        throw unsupported(e, "att_context_size", pairs.size() + " context sizes (multi-lookahead streaming)", "one [left, right] pair");
      }
      pair = e.getIntList("att_context_size[0]");
    }
    if (pair.size() != 2) {
      throw new ConfigException(e.path() + ".att_context_size in " + e.source() + ": expected [left, right], got " + pair);
    }
    return new ContextSize(pair.get(0), pair.get(1));
  }

  /** {@code conv_context_size}: null (symmetric), "causal" ((K-1, 0)) or {@code [left, right]}. */
  private static ContextSize convContext(ConfigNode e, int kernel) {
    if (!e.has("conv_context_size") || e.isNull("conv_context_size")) {
      return new ContextSize((kernel - 1) / 2, (kernel - 1) / 2);
    }
    String named;
    try {
      named = e.getString("conv_context_size");
    } catch (ConfigException notAString) {
      named = null;
    }
    if (named != null) {
      if (!named.equals("causal")) {
        throw unsupported(e, "conv_context_size", "'" + named + "'", "null, causal or [left, right]");
      }
      return new ContextSize(kernel - 1, 0);
    }
    List<Integer> pair = e.getIntList("conv_context_size");
    if (pair.size() != 2) {
      throw new ConfigException(e.path() + ".conv_context_size in " + e.source() + ": expected [left, right], got " + pair);
    }
    return new ContextSize(pair.get(0), pair.get(1));
  }

  private static ConformerConfig.DepthMode depthMode(ConfigNode e) {
    String mode = e.findString("stochastic_depth_mode").orElse("linear");
    return switch (mode) {
      case "linear" -> ConformerConfig.DepthMode.LINEAR;
      case "uniform" -> ConformerConfig.DepthMode.UNIFORM;
      default -> throw unsupported(e, "stochastic_depth_mode", "'" + mode + "'", "linear, uniform");
    };
  }

  private static void requireValue(ConfigNode e, String key, String defaultValue, String supported) {
    String value = e.findString(key).orElse(defaultValue);
    if (!value.equals(supported)) {
      throw unsupported(e, key, "'" + value + "'", supported);
    }
  }

  private static ConfigException unsupported(ConfigNode e, String key, String got, String supported) {
    return new ConfigException(
        e.path() + "." + key + " is " + got + " in " + e.source() + ": this version supports " + supported);
  }
}

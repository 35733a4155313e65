package org.rnnt4j.model;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.features.MelConfig;
import org.rnnt4j.features.SpecAugmentConfig;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.model.encoder.ContextNetConfig;
import org.rnnt4j.model.encoder.EncoderConfig;
import org.rnnt4j.model.encoder.JasperBlockConfig;
import org.rnnt4j.util.ConfigException;

/**
 * Binds a NeMo model config (the {@code model:} section of a recipe conf, or a {@code .nemo}'s
 * {@code model_config.yaml}) to a {@link TransducerConfig}, once. Keys a conf may omit take the defaults
 * of the NeMo class that reads them; each default is named here, next to the key.
 */
public final class TransducerConfigBinder {
  private TransducerConfigBinder() {}

  public static TransducerConfig bind(ConfigNode model) {
    try {
      return new TransducerConfig(
          preprocessor(model.child("preprocessor"), model),
          specAugment(model),
          encoder(model.child("encoder")),
          decoder(model.child("decoder")),
          joint(model.child("joint")),
          loss(model),
          model.findInt("decoding.greedy.max_symbols").orElse(10));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(model.source() + ": " + e.getMessage(), e);
    }
  }

  private static MelConfig preprocessor(ConfigNode p, ConfigNode model) {
    int sampleRate = p.findInt("sample_rate").orElse(model.findInt("sample_rate").orElse(16000));
    String window = p.findString("window").orElse("hann");
    if (!window.equals("hann")) {
      throw new ConfigException("unsupported " + p.path() + ".window '" + window + "' in " + p.source() + " (only hann)");
    }
    int splicing = p.findInt("frame_splicing").orElse(1);
    if (splicing != 1) {
      throw new ConfigException("unsupported " + p.path() + ".frame_splicing " + splicing + " in " + p.source());
    }
    // AudioToMelSpectrogramPreprocessor's own defaults: window_size 0.02, features 64, pad_to 16.
    double highFreq = p.isNull("highfreq") || !p.has("highfreq") ? sampleRate / 2.0 : p.getDouble("highfreq");
    return new MelConfig(
        sampleRate,
        p.findDouble("window_size").orElse(0.02),
        p.findDouble("window_stride").orElse(0.01),
        p.has("n_fft") && !p.isNull("n_fft") ? p.getInt("n_fft") : 0,
        p.findInt("features").orElse(64),
        p.findDouble("dither").orElse(1e-5),
        p.findInt("pad_to").orElse(16),
        p.findChoice("normalize", MelConfig.Normalization::fromNemoName).orElse(MelConfig.Normalization.PER_FEATURE),
        p.has("preemph") && !p.isNull("preemph") ? p.getDouble("preemph") : 0.97,
        p.findDouble("lowfreq").orElse(0),
        highFreq,
        p.findDouble("log_zero_guard_value").orElse(Math.pow(2, -24)));
  }

  private static SpecAugmentConfig specAugment(ConfigNode model) {
    if (!model.has("spec_augment") || model.isNull("spec_augment")) {
      return SpecAugmentConfig.none();
    }
    ConfigNode s = model.child("spec_augment");
    // NeMo reads an int time_width as frames and a float as a fraction of each utterance's length.
    boolean adaptive = s.has("time_width") && !isInteger(s, "time_width");
    return new SpecAugmentConfig(
        s.findInt("freq_masks").orElse(0),
        s.findInt("time_masks").orElse(0),
        s.findInt("freq_width").orElse(10),
        s.has("time_width") ? s.getDouble("time_width") : 10,
        adaptive);
  }

  private static boolean isInteger(ConfigNode node, String key) {
    try {
      node.getLong(key);
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  private static EncoderConfig encoder(ConfigNode e) {
    String target = e.findString("_target_").orElse("");
    if (target.endsWith("ConformerEncoder")) {
      return ConformerConfigBinder.bind(e);
    }
    if (!target.endsWith("ConvASREncoder")) {
      throw new ConfigException(
          e.path() + "._target_ is '" + target + "' in " + e.source()
              + ": this version builds ConvASREncoder (ContextNet) and ConformerEncoder (Conformer, FastConformer) encoders");
    }
    return contextNet(e);
  }

  private static ContextNetConfig contextNet(ConfigNode e) {
    String activation = e.findString("activation").orElse("relu");
    if (!activation.equals("swish") && !activation.equals("silu")) {
      throw new ConfigException(e.path() + ".activation '" + activation + "' in " + e.source() + " is not supported (swish)");
    }
    List<JasperBlockConfig> blocks = new ArrayList<>();
    for (ConfigNode b : e.getList("jasper")) {
      blocks.add(
          new JasperBlockConfig(
              b.getInt("filters"),
              b.getInt("repeat"),
              b.getIntList("kernel").get(0),
              b.getIntList("stride").get(0),
              b.has("dilation") ? b.getIntList("dilation").get(0) : 1,
              b.getDouble("dropout"),
              b.getBool("residual"),
              b.findBool("separable").orElse(false),
              b.findBool("se").orElse(false),
              b.findInt("se_context_size").orElse(-1),
              b.findInt("se_reduction_ratio").orElse(8),
              b.findDouble("kernel_size_factor").orElse(1.0),
              b.findBool("stride_last").orElse(false),
              b.findChoice("residual_mode", JasperBlockConfig.ResidualMode::fromNemoName)
                  .orElse(JasperBlockConfig.ResidualMode.ADD)));
    }
    // ConvASREncoder's own default is xavier_uniform; NeMo's ContextNet confs ask for tds_uniform.
    ContextNetConfig.InitMode init =
        e.findChoice("init_mode", ContextNetConfig.InitMode::fromNemoName).orElse(ContextNetConfig.InitMode.XAVIER_UNIFORM);
    return new ContextNetConfig(e.getInt("feat_in"), blocks, init);
  }

  private static TransducerConfig.DecoderConfig decoder(ConfigNode d) {
    ConfigNode p = d.child("prednet");
    return new TransducerConfig.DecoderConfig(
        p.getLong("pred_hidden"),
        p.findInt("pred_rnn_layers").orElse(1),
        p.findDouble("dropout").orElse(0.0),
        p.findDouble("forget_gate_bias").orElse(1.0));
  }

  private static TransducerConfig.JointConfig joint(ConfigNode j) {
    ConfigNode n = j.child("jointnet");
    String activation = n.findString("activation").orElse("relu");
    if (!activation.equals("relu")) {
      throw new ConfigException(n.path() + ".activation '" + activation + "' in " + n.source() + " is not supported (relu)");
    }
    return new TransducerConfig.JointConfig(n.getLong("joint_hidden"), n.findDouble("dropout").orElse(0.0));
  }

  private static TransducerConfig.LossConfig loss(ConfigNode model) {
    // EncDecRNNTModel: cfg.get("rnnt_reduction", "mean_batch")
    Reduction reduction = model.findChoice("rnnt_reduction", TransducerConfigBinder::confReduction).orElse(Reduction.MEAN_BATCH);
    double lambda = model.findDouble("loss.warprnnt_numba_kwargs.fastemit_lambda").orElse(0.0);
    double clamp = model.findDouble("loss.warprnnt_numba_kwargs.clamp").orElse(-1.0);
    return new TransducerConfig.LossConfig(reduction, lambda, clamp);
  }

  /** NeMo's RNNTLoss names; unlike {@code rnnt4j loss --reduction}, a conf cannot ask for no reduction. */
  private static Reduction confReduction(String name) {
    for (Reduction r : Reduction.values()) {
      if (r != Reduction.NONE && r.nemoName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("rnnt_reduction must be mean_batch, mean, sum or mean_volume, got '" + name + "'");
  }
}

package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.model.encoder.ConformerConfig;
import org.rnnt4j.model.encoder.ConformerConfig.ContextSize;
import org.rnnt4j.model.encoder.ContextNetConfig;
import org.rnnt4j.util.ConfigException;

/** NeMo ConformerEncoder sections bind to ConformerConfig with NeMo's defaults, and unsupported options fail naming their key. */
class ConformerConfigBinderTest {
  private static final String TARGET = "nemo.collections.asr.modules.ConformerEncoder";

  private static ConfigNode conf() {
    return ConfigNode.load(Path.of("conf/fastconformer_transducer_bpe_large.yaml")).modelSection();
  }

  private static ConformerConfig bind(ConfigNode model) {
    return (ConformerConfig) TransducerConfigBinder.bind(model).encoder();
  }

  @Test
  void omittedKeysTakeConformerEncodersDefaults() {
    ConformerConfig c =
        bind(conf().withOverride("encoder", Map.of("_target_", TARGET, "feat_in", 80, "n_layers", 3, "d_model", 96)));
    assertEquals(new ConformerConfig.Subsampling(ConformerConfig.SubsamplingKind.STRIDING, 4, 96), c.subsampling());
    assertEquals(4, c.heads());
    assertEquals(4, c.ffExpansionFactor());
    assertEquals(31, c.convKernelSize());
    assertEquals(new ContextSize(15, 15), c.convContext());
    assertEquals(ContextSize.UNLIMITED, c.attentionContext());
    assertEquals(ConformerConfig.ConvNorm.BATCH_NORM, c.convNorm());
    assertEquals(new ConformerConfig.Dropouts(0.1, 0.1, 0.1, 0.0), c.dropouts());
    assertEquals(ConformerConfig.StochasticDepth.OFF, c.stochasticDepth());
    assertTrue(c.xscaling() && c.useBias());
    assertEquals(96, c.outputSize());
  }

  @Test
  void shippedFastConformerConfBindsItsTable() {
    ConformerConfig c = bind(conf());
    assertEquals(new ConformerConfig.Subsampling(ConformerConfig.SubsamplingKind.DW_STRIDING, 8, 256), c.subsampling());
    assertEquals(512, c.dModel());
    assertEquals(new ContextSize(4, 4), c.convContext());
    assertEquals(new ConformerConfig.Dropouts(0.1, 0.1, 0.0, 0.1), c.dropouts());
    assertEquals(Reduction.MEAN_VOLUME, TransducerConfigBinder.bind(conf()).loss().reduction());
  }

  @Test
  void contextSizesInTheirNemoForms() {
    assertEquals(new ContextSize(70, 0), bind(conf().withOverride("encoder.att_context_size", List.of(List.of(70, 0)))).attentionContext());
    assertEquals(new ContextSize(8, 0), bind(conf().withOverride("encoder.conv_context_size", "causal")).convContext());
    assertEquals(new ContextSize(6, 2), bind(conf().withOverride("encoder.conv_context_size", List.of(6, 2))).convContext());
    ConfigException several =
        assertThrows(
            ConfigException.class,
            () -> bind(conf().withOverride("encoder.att_context_size", List.of(List.of(70, 13), List.of(70, 0)))));
    assertTrue(several.getMessage().contains("encoder.att_context_size"), several.getMessage());
    assertThrows(ConfigException.class, () -> bind(conf().withOverride("encoder.conv_context_size", List.of(6, 6))));
  }

  @ParameterizedTest
  @CsvSource({
    "self_attention_model, abs_pos",
    "self_attention_model, rel_pos_local_attn",
    "att_context_style, chunked_limited",
    "untie_biases, false",
    "causal_downsampling, true",
    "subsampling, vggnet",
    "subsampling, stacking",
    "conv_context_size, left",
    "stochastic_depth_mode, quadratic"
  })
  void unsupportedOptionsFailNamingTheirKey(String key, String value) {
    Object typed = value.equals("true") || value.equals("false") ? Boolean.valueOf(value) : value;
    ConfigException e = assertThrows(ConfigException.class, () -> bind(conf().withOverride("encoder." + key, typed)));
    assertTrue(e.getMessage().contains("encoder." + key), e.getMessage());
    assertTrue(e.getMessage().contains("fastconformer_transducer_bpe_large.yaml"), e.getMessage());
  }

  @Test
  void reductionAndBadValuesAreConfigErrors() {
    ConfigNode reduced = conf().withOverride("encoder.reduction", "pooling").withOverride("encoder.reduction_factor", 2);
    assertTrue(assertThrows(ConfigException.class, () -> bind(reduced)).getMessage().contains("encoder.reduction"));
    ConfigException heads = assertThrows(ConfigException.class, () -> bind(conf().withOverride("encoder.n_heads", 7)));
    assertTrue(heads.getMessage().contains("n_heads 7"), heads.getMessage());
    assertThrows(ConfigException.class, () -> bind(conf().withOverride("encoder.subsampling_factor", 6)));
    assertThrows(ConfigException.class, () -> bind(conf().withOverride("encoder.conv_kernel_size", 8)));
  }

  @Test
  void contextNetConfsStillBindToContextNet() {
    var encoder = TransducerConfigBinder.bind(ConfigNode.load(Path.of("conf/contextnet_rnnt_tiny.yaml")).modelSection()).encoder();
    assertTrue(encoder instanceof ContextNetConfig, encoder.toString());
  }
}

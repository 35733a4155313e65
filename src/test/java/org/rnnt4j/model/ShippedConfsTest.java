package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.model.encoder.ConformerConfig;
import org.rnnt4j.model.encoder.ConformerEncoder;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.ConfigException;
import org.rnnt4j.util.Json;

/**
 * The confs in conf/ build the architectures they name, with the exact parameter counts of
 * nemo/param_counts.json (the reference generator's models of NeMo's confs: a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself).
 */
class ShippedConfsTest {
  private static Transducer build(String conf, int vocab) {
    return Transducers.build(TransducerConfigBinder.bind(ConfigNode.load(Path.of("conf", conf)).modelSection()), vocab, 0);
  }

  private static long count(Transducer m, String module) {
    return m.namedParameters().entrySet().stream()
        .filter(e -> e.getKey().startsWith(module + "."))
        .mapToLong(e -> e.getValue().numel())
        .sum();
  }

  @Tag("slow")
  @Test
  void nemoContextNetHasNemosParameterCountPerModule() {
    Transducer m = build("contextnet_rnnt.yaml", 1024);
    // param_counts.json, "contextnet_rnnt (contextnet_rnnt.yaml as is)", vocabulary 1024
    assertEquals(139_531_920L, count(m, "encoder"));
    assertEquals(3_937_920L, count(m, "decoder"));
    assertEquals(1_477_505L, count(m, "joint"));
    assertEquals(144_947_345L, m.parameterCount());
  }

  /**
   * The Conformer and FastConformer confs, built with a 1024-piece vocabulary, have the parameter counts
   * the reference generator's models of NeMo's confs have (param_counts.json of the fixtures), per module.
   */
  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "conformer_transducer_bpe_small.yaml, conformer_transducer_bpe small, 176, 4, 16, 31",
    "conformer_transducer_bpe_medium.yaml, conformer_transducer_bpe medium, 256, 4, 16, 31",
    "conformer_transducer_bpe_large.yaml, conformer_transducer_bpe large, 512, 8, 17, 31",
    "fastconformer_transducer_bpe_small.yaml, fast-conformer_transducer_bpe small, 176, 4, 16, 9",
    "fastconformer_transducer_bpe_medium.yaml, fast-conformer_transducer_bpe medium, 256, 4, 16, 9",
    "fastconformer_transducer_bpe_large.yaml, fast-conformer_transducer_bpe large, 512, 8, 17, 9"
  })
  void conformerConfsHaveNemosParameterCountPerModule(
      String conf, String nemoName, int dModel, int heads, int layers, int kernel) {
    JsonNode expected = Json.parse(Goldens.readString("nemo/param_counts.json")).get("models").get(nemoName);
    Transducer m = build(conf, 1024);
    ConformerConfig c = ((ConformerEncoder) m.encoder()).config();
    assertEquals(dModel, c.dModel());
    assertEquals(heads, c.heads());
    assertEquals(layers, c.layers());
    assertEquals(kernel, c.convKernelSize());
    assertEquals(expected.get("encoder").asLong(), count(m, "encoder"), conf + " encoder");
    assertEquals(expected.get("decoder").asLong(), count(m, "decoder"), conf + " decoder");
    assertEquals(expected.get("joint").asLong(), count(m, "joint"), conf + " joint");
    assertEquals(expected.get("total").asLong(), m.parameterCount(), conf + " total");
    m = null;
    System.gc(); // the large models hold ~0.5 GB of native memory each; release it before the next one
  }

  /**
   * The recipe scripts' conf: NeMo's XLarge row (stt_en_conformer_transducer_xlarge's architecture). The
   * golden, param_counts_xlarge.json, was computed independently of this conf by its generator script
   * beside it: NeMo's own conformer_transducer_bpe.yaml with the size table's XLarge row, built by the
   * PyTorch port of NeMo's modules (../shared/peer/nemo_ref.py); the same script with the Large row
   * reproduces param_counts.json's large counts.
   */
  @Test
  void xlargeConfHasNemosParameterCountPerModule() {
    JsonNode expected = Json.parse(Goldens.readString("nemo/param_counts_xlarge.json")).get("models").get("conformer_transducer_bpe xlarge");
    Transducer m = build("conformer_transducer_bpe_xlarge.yaml", 1024);
    ConformerConfig c = ((ConformerEncoder) m.encoder()).config();
    assertEquals(1024, c.dModel());
    assertEquals(8, c.heads());
    assertEquals(24, c.layers());
    assertEquals(5, c.convKernelSize());
    assertEquals(expected.get("encoder").asLong(), count(m, "encoder"), "encoder");
    assertEquals(expected.get("decoder").asLong(), count(m, "decoder"), "decoder (2 LSTM layers)");
    assertEquals(expected.get("joint").asLong(), count(m, "joint"), "joint");
    assertEquals(644_253_185L, expected.get("total").asLong());
    assertEquals(expected.get("total").asLong(), m.parameterCount(), "total");
    m = null;
    System.gc();
  }

  @Test
  void tinyAndDummyConfsHaveTheDocumentedShapes() {
    Transducer tiny = build("contextnet_rnnt_tiny.yaml", 128);
    long n = tiny.parameterCount();
    assertTrue(n > 240_000 && n < 280_000, "tiny ContextNet has about 0.26M parameters, got " + n);
    assertEquals(96, tiny.encoder().hiddenSize());
    Transducer dummy = build("contextnet_rnnt_dummy.yaml", 128);
    assertEquals(2, dummy.stateDict().keySet().stream().filter(k -> k.matches("encoder\\.encoder\\.\\d+\\.mconv\\.0\\.conv\\.weight")).count());
    assertEquals(64, dummy.encoder().hiddenSize());
  }

  @Test
  void unsupportedEncoderIsAConfigErrorNamingTheKey() {
    ConfigNode full = ConfigNode.load(Path.of("conf/contextnet_rnnt_tiny.yaml")).modelSection()
        .withOverride("encoder._target_", "nemo.collections.asr.modules.SqueezeformerEncoder");
    ConfigException e = assertThrows(ConfigException.class, () -> TransducerConfigBinder.bind(full));
    assertTrue(e.getMessage().contains("encoder._target_"), e.getMessage());
    assertTrue(e.getMessage().contains("ConvASREncoder") && e.getMessage().contains("ConformerEncoder"), e.getMessage());
  }
}

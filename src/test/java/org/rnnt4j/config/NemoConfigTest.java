package org.rnnt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.ConfigException;

/**
 * NeMo configs: NeMo's own contextnet_rnnt.yaml (interpolations, ??? markers) and the model_config.yaml
 * of the .nemo fixtures (written by the reference generator, a port of NeMo's model, in NeMo's layout).
 */
class NemoConfigTest {
  static ConfigNode resource(String name) throws IOException {
    try (InputStream in = NemoConfigTest.class.getResourceAsStream("/config/" + name)) {
      return ConfigNode.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "config/" + name);
    }
  }

  @Test
  void recipeConfInterpolationsResolve() throws IOException {
    ConfigNode model = resource("contextnet_rnnt.yaml").modelSection();
    assertEquals("model", model.path().toString());
    assertEquals(16000, model.getInt("train_ds.sample_rate"));
    assertEquals(16000, model.getInt("preprocessor.sample_rate"));
    List<ConfigNode> jasper = model.getList("encoder.jasper");
    assertEquals(23, jasper.size());
    assertEquals(1024, jasper.get(3).getInt("filters"), "${model.model_defaults.filters}");
    assertEquals(5, jasper.get(3).getInt("repeat"));
    assertEquals(0.1, jasper.get(3).getDouble("dropout"));
    assertTrue(jasper.get(3).getBool("se"));
    assertEquals(-1, jasper.get(3).getInt("se_context_size"));
    assertEquals(640, jasper.get(22).getInt("filters"), "last block uses enc_hidden");
    assertEquals(640, model.getInt("decoder.prednet.pred_hidden"));
    assertEquals(640, model.getInt("joint.jointnet.joint_hidden"));
    assertEquals(80, model.getInt("encoder.feat_in"), "YAML alias *n_mels");
    assertEquals(1e-5, model.getDouble("preprocessor.dither"));
    assertEquals(1e-6, model.getDouble("optim.sched.min_lr"));
    assertEquals(List.of(0.9, 0.0), model.getDoubleList("optim.betas"));
    assertFalse(model.getBool("decoding.beam.return_best_hypothesis"), "YAML 'False'");
    assertEquals("model.encoder.jasper[3]", jasper.get(3).path().toString());
  }

  @Test
  void recipeConfRequiredValuesFailWhenRead() throws IOException {
    ConfigNode model = resource("contextnet_rnnt.yaml").modelSection();
    assertTrue(model.isMissing("train_ds.manifest_filepath"));
    ConfigException e = assertThrows(ConfigException.class, () -> model.getString("tokenizer.dir"));
    assertEquals("missing mandatory value (???) at model.tokenizer.dir in config/contextnet_rnnt.yaml", e.getMessage());
    ConfigNode filled = model.withOverride("tokenizer.dir", "tokenizers/spe_bpe_v128").withOverride("tokenizer.type", "bpe");
    assertEquals("tokenizers/spe_bpe_v128", filled.getString("tokenizer.dir"));
  }

  @Test
  void nemoModelConfigHasNoModelKeyAndReadsTheSame() throws IOException {
    ConfigNode model = resource("contextnet_tiny.model_config.yaml").modelSection();
    assertTrue(model.path().isRoot());
    assertEquals(16000, model.getInt("sample_rate"));
    assertEquals(64, model.getInt("encoder.jasper[0].filters"));
    assertEquals(List.of(5), model.getIntList("encoder.jasper[0].kernel"));
    assertEquals(1e-5, model.getDouble("preprocessor.dither"));
    assertEquals("bpe", model.getString("tokenizer.type"));
    assertEquals("nemo.collections.asr.modules.ConvASREncoder", model.getString("encoder._target_"));
    ConfigNode conformer = resource("conformer_tiny.model_config.yaml").modelSection();
    assertEquals(64, conformer.getInt("encoder.d_model"));
  }

  @Test
  void resolvedYamlRoundTripsWithoutInterpolations(@TempDir Path dir) throws IOException {
    for (String name : List.of("contextnet_rnnt.yaml", "contextnet_tiny.model_config.yaml", "conformer_tiny.model_config.yaml")) {
      ConfigNode model = resource(name).modelSection();
      Path written = dir.resolve(name);
      model.writeYaml(written);
      String text = Files.readString(written);
      assertFalse(text.contains("${"), name + " still holds an interpolation");
      ConfigNode reread = ConfigNode.load(written);
      assertEquals(model.toResolvedValue(), reread.toResolvedValue(), name);
      assertEquals(written.toString(), reread.source());
    }
  }

  @Test
  void floatsAreWrittenAsPythonWouldSoOmegaConfReadsThemBack() throws IOException {
    ConfigNode model = resource("contextnet_tiny.model_config.yaml").modelSection();
    String yaml = model.toYaml();
    assertTrue(yaml.contains("dither: 1e-05"), "Python repr, not Java's 1.0E-5");
    assertTrue(yaml.contains("window_size: 0.025"));
    assertTrue(yaml.contains("kernel_size_factor: 1.0"));
    Object resolved = ConfigNode.parse("x: 0.1\ny: '0.1'\nz: '???'\n", "t").toResolvedValue();
    assertEquals(Map.of("x", 0.1, "y", "0.1", "z", "???"), resolved);
    String text = ConfigNode.parse("x: 0.1\ny: '0.1'\n", "t").toYaml();
    assertEquals("x: 0.1\ny: '0.1'\n", text, "a string that looks like a number stays quoted");
    String words = ConfigNode.parse("a: 'True'\nb: 'yes'\nc: 'null'\nd: plain\ne: false\n", "t").toYaml();
    assertEquals("a: 'True'\nb: 'yes'\nc: 'null'\nd: plain\ne: false\n", words, "PyYAML would read unquoted yes/True/null as non-strings");
  }
}

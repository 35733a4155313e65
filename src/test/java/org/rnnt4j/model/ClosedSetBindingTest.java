package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.features.MelConfig;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.model.encoder.ContextNetConfig;
import org.rnnt4j.model.encoder.JasperBlockConfig;
import org.rnnt4j.util.ConfigException;

/**
 * The conf keys whose values form closed sets bind to enums when the conf is bound, and a value outside
 * the set fails there, naming the key path, the file and the accepted names. The accepted names are
 * NeMo's: {@code RNNTLoss}'s reductions (nemo/collections/asr/losses/rnnt.py), {@code
 * AudioToMelSpectrogramPreprocessor}'s normalize modes, {@code JasperBlock}'s residual modes.
 */
class ClosedSetBindingTest {
  private static final String CONTEXTNET = "conf/contextnet_rnnt_tiny.yaml";
  private static final String CONFORMER = "conf/fastconformer_transducer_bpe_large.yaml";

  private static ConfigNode conf(String file) {
    return ConfigNode.load(Path.of(file)).modelSection();
  }

  @Test
  void shippedValuesBindToTheirEnums() {
    TransducerConfig c = TransducerConfigBinder.bind(conf(CONTEXTNET));
    assertEquals(Reduction.MEAN_BATCH, c.loss().reduction());
    assertEquals(MelConfig.Normalization.PER_FEATURE, c.preprocessor().normalize());
    ContextNetConfig encoder = (ContextNetConfig) c.encoder();
    assertEquals(JasperBlockConfig.ResidualMode.ADD, encoder.blocks().get(1).residualMode(), "the default");
    assertEquals(JasperBlockConfig.ResidualMode.STRIDE_ADD, encoder.blocks().get(2).residualMode());
    assertEquals(ContextNetConfig.InitMode.TDS_UNIFORM, encoder.initMode());
    TransducerConfig none = TransducerConfigBinder.bind(conf(CONTEXTNET).withOverride("preprocessor.normalize", "none"));
    assertEquals(MelConfig.Normalization.NONE, none.preprocessor().normalize());
    TransducerConfig sum = TransducerConfigBinder.bind(conf(CONTEXTNET).withOverride("rnnt_reduction", "sum"));
    assertEquals(Reduction.SUM, sum.loss().reduction());
  }

  @ParameterizedTest
  @CsvSource({
    CONTEXTNET + ", rnnt_reduction, bogus, mean_volume",
    CONTEXTNET + ", rnnt_reduction, none, mean_batch",
    CONTEXTNET + ", preprocessor.normalize, all_features, per_feature",
    CONTEXTNET + ", encoder.jasper[2].residual_mode, stride_mul, stride_add",
    CONTEXTNET + ", encoder.init_mode, kaiming_uniform, tds_uniform",
    CONFORMER + ", encoder.conv_norm_type, group_norm, layer_norm",
    CONFORMER + ", encoder.subsampling, vggnet, dw_striding"
  })
  void aValueOutsideTheSetFailsNamingKeyPathFileAndTheAcceptedNames(
      String file, String key, String value, String accepted) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> TransducerConfigBinder.bind(conf(file).withOverride(key, value)));
    String message = e.getMessage();
    assertTrue(message.startsWith("model." + key + " in " + file + ": "), message);
    assertTrue(message.contains("'" + value + "'"), message);
    assertTrue(message.contains(accepted), message);
  }
}

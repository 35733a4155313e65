package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.util.ConfigException;

/** The confs in conf/ build the architectures they name, with NeMo's exact parameter counts. */
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

  @Test
  void nemoContextNetHasNemosParameterCountPerModule() {
    Transducer m = build("contextnet_rnnt.yaml", 1024);
    // param_counts.json, "contextnet_rnnt (contextnet_rnnt.yaml as is)", vocabulary 1024
    assertEquals(139_531_920L, count(m, "encoder"));
    assertEquals(3_937_920L, count(m, "decoder"));
    assertEquals(1_477_505L, count(m, "joint"));
    assertEquals(144_947_345L, m.parameterCount());
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
    ConfigNode conf =
        ConfigNode.parse("model:\n  encoder:\n    _target_: nemo.collections.asr.modules.ConformerEncoder\n", "x.yaml").modelSection();
    ConfigNode full = ConfigNode.load(Path.of("conf/contextnet_rnnt_tiny.yaml")).modelSection()
        .withOverride("encoder._target_", "nemo.collections.asr.modules.SomethingElse");
    ConfigException e = assertThrows(ConfigException.class, () -> TransducerConfigBinder.bind(full));
    assertTrue(e.getMessage().contains("encoder._target_"), e.getMessage());
    assertThrows(ConfigException.class, () -> TransducerConfigBinder.bind(conf));
  }
}

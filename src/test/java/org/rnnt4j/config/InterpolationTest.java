package org.rnnt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.util.ConfigException;

/** OmegaConf interpolation semantics, each case small enough to check by eye. */
class InterpolationTest {
  private static ConfigNode yaml(String... lines) {
    return ConfigNode.parse(String.join("\n", lines) + "\n", "t.yaml");
  }

  @Test
  void wholeValueReferenceKeepsTheReferencedType() {
    ConfigNode c = yaml("model:", "  sample_rate: 16000", "  lr: 0.5", "  on: true", "  ds:", "    sr: ${model.sample_rate}", "    lr: ${model.lr}", "    on: ${model.on}");
    assertEquals(16000, c.getInt("model.ds.sr"));
    assertEquals(0.5, c.getDouble("model.ds.lr"));
    assertTrue(c.getBool("model.ds.on"));
    assertThrows(ConfigException.class, () -> c.getString("model.ds.sr"), "an int stays an int");
  }

  @Test
  void referenceToANodeIsThatNode() {
    ConfigNode c = yaml("defaults:", "  enc: {filters: 64, kernel: [3, 5]}", "model:", "  encoder: ${defaults.enc}");
    ConfigNode encoder = c.child("model.encoder");
    assertEquals(64, encoder.getInt("filters"));
    assertEquals(List.of(3, 5), encoder.getIntList("kernel"));
    assertEquals("defaults.enc", encoder.path().toString(), "a node reached by reference reports its real location");
    assertEquals(5, c.getInt("model.encoder.kernel[1]"), "paths walk through references");
  }

  @Test
  void listIndicesInBothSpellings() {
    ConfigNode c = yaml("a:", "  b: [10, 20, {c: 30}]", "x: ${a.b[1]}", "y: ${a.b.0}", "z: ${a.b[2].c}");
    assertEquals(20, c.getInt("x"));
    assertEquals(10, c.getInt("y"));
    assertEquals(30, c.getInt("z"));
  }

  @Test
  void relativeReferencesClimbFromTheHoldingContainer() {
    ConfigNode c = yaml("model:", "  batch_size: 8", "  train_ds:", "    batch_size: 4", "    same: ${.batch_size}", "    parent: ${..batch_size}", "    deep:", "      up2: ${..batch_size}");
    assertEquals(4, c.getInt("model.train_ds.same"));
    assertEquals(8, c.getInt("model.train_ds.parent"));
    assertEquals(4, c.getInt("model.train_ds.deep.up2"));
  }

  @Test
  void embeddedReferencesAreFormattedLikePythonStr() {
    ConfigNode c = yaml("sr: 16000", "lr: 0.00001", "on: false", "none: null", "name: run_${sr}_${lr}_${on}_${none}", "escaped: cost \\${sr}");
    assertEquals("run_16000_1e-05_False_None", c.getString("name"));
    assertEquals("cost ${sr}", c.getString("escaped"));
  }

  @Test
  void chainsOfReferencesResolve() {
    ConfigNode c = yaml("a: 1", "b: ${a}", "c: ${b}", "d: x${c}");
    assertEquals(1, c.getInt("c"));
    assertEquals("x1", c.getString("d"));
  }

  @Test
  void cyclesAreReportedWithTheChain() {
    ConfigNode c = yaml("a: ${b}", "b: ${c}", "c: ${a}");
    ConfigException e = assertThrows(ConfigException.class, () -> c.getInt("a"));
    assertEquals("interpolation cycle in t.yaml: a -> b -> c -> a", e.getMessage());
    ConfigNode self = yaml("x: ${x}");
    assertEquals("interpolation cycle in t.yaml: x -> x", assertThrows(ConfigException.class, () -> self.getInt("x")).getMessage());
    ConfigNode nodeCycle = yaml("a:", "  b: ${a}");
    ConfigException dump = assertThrows(ConfigException.class, nodeCycle::toYaml);
    assertTrue(dump.getMessage().contains("cycle"), dump.getMessage());
  }

  @Test
  void unresolvableReferencesNameBothEnds() {
    ConfigNode c = yaml("model:", "  ds:", "    sr: ${model.sample_rate}");
    ConfigException e = assertThrows(ConfigException.class, () -> c.getInt("model.ds.sr"));
    assertEquals(
        "interpolation ${model.sample_rate} at model.ds.sr in t.yaml cannot be resolved: missing key model.sample_rate in t.yaml",
        e.getMessage());
  }

  @Test
  void referenceToARequiredValueFailsWhenRead() {
    ConfigNode c = yaml("path: ???", "copy: ${path}", "text: at ${path}");
    assertEquals("missing mandatory value (???) at path in t.yaml", assertThrows(ConfigException.class, () -> c.getString("copy")).getMessage());
    assertEquals(
        "missing mandatory value (???) at path in t.yaml (referenced by text)",
        assertThrows(ConfigException.class, () -> c.getString("text")).getMessage());
  }

  @Test
  void unsupportedSyntaxIsRejectedWithAMessage() {
    ConfigNode c = yaml("home: ${oc.env:HOME}", "nested: ${a.${b}}", "open: ${a");
    assertTrue(assertThrows(ConfigException.class, () -> c.getString("home")).getMessage().contains("resolver call ${oc.env:HOME} is not supported"));
    assertTrue(assertThrows(ConfigException.class, () -> c.getString("nested")).getMessage().contains("nested interpolation"));
    assertTrue(assertThrows(ConfigException.class, () -> c.getString("open")).getMessage().contains("unterminated"));
  }

  @Test
  void modelPrefixedReferencesResolveInAModelLessTree() {
    // a .nemo model_config.yaml is the model section itself; ${model.x} there means ${x}
    ConfigNode c = yaml("sample_rate: 22050", "preprocessor:", "  sample_rate: ${model.sample_rate}");
    assertEquals(22050, c.getInt("preprocessor.sample_rate"));
  }

  @Test
  void overridesPropagateThroughReferences() {
    ConfigNode c = yaml("model:", "  sample_rate: 16000", "  train_ds:", "    sample_rate: ${model.sample_rate}");
    ConfigNode changed = c.withOverride("model.sample_rate", 8000);
    assertEquals(8000, changed.getInt("model.train_ds.sample_rate"));
    assertEquals(16000, c.getInt("model.train_ds.sample_rate"));
    assertThrows(ConfigException.class, () -> yaml("a: ${b}", "b: {x: 1}").withOverride("a.x", 2), "cannot override through a reference");
  }

  @Test
  void resolvedValueIsPlainJava() {
    ConfigNode c = yaml("a: 1", "b: [\"${a}\", 2]", "c: {d: \"${b}\"}", "e: ???");
    assertEquals(Map.of("a", 1L, "b", List.of(1L, 2L), "c", Map.of("d", List.of(1L, 2L)), "e", "???"), c.toResolvedValue());
  }
}

package org.rnnt4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.util.ConfigException;

class ConfigNodeTest {
  private static final String YAML =
      String.join(
          "\n",
          "model:",
          "  sample_rate: 16000",
          "  lr: 1e-3",
          "  ratio: 2",
          "  name: tiny",
          "  quoted_number: '16000'",
          "  flag: true",
          "  nothing: null",
          "  required: ???",
          "  encoder:",
          "    jasper:",
          "      - filters: 256",
          "        kernel: [5, 7]",
          "      - filters: 512",
          "        kernel: [11]",
          "  betas: [0.9, 0.98]",
          "  labels: [a, b]",
          "");

  private final ConfigNode root = ConfigNode.parse(YAML, "conf/x.yaml");

  @Test
  void typedGettersReadValuesByRelativePath() {
    ConfigNode model = root.child("model");
    assertEquals(16000, model.getInt("sample_rate"));
    assertEquals(1e-3, model.getDouble("lr"));
    assertEquals(2.0, model.getDouble("ratio"), "an integer is a valid float");
    assertEquals("tiny", model.getString("name"));
    assertTrue(model.getBool("flag"));
    assertEquals(512, model.getInt("encoder.jasper[1].filters"));
    assertEquals(512, model.getInt("encoder.jasper.1.filters"), "OmegaConf also accepts a.b.1");
    assertEquals(List.of(5, 7), model.getIntList("encoder.jasper[0].kernel"));
    assertEquals(List.of(0.9, 0.98), model.getDoubleList("betas"));
    assertEquals(List.of("a", "b"), model.getStringList("labels"));
    assertEquals(List.of("sample_rate", "lr", "ratio", "name", "quoted_number", "flag", "nothing", "required", "encoder", "betas", "labels"), model.keys());
  }

  @Test
  void nodesKnowTheirKeyPathAndSource() {
    List<ConfigNode> blocks = root.child("model.encoder").getList("jasper");
    assertEquals(2, blocks.size());
    assertEquals("model.encoder.jasper[1]", blocks.get(1).path().toString());
    assertEquals("conf/x.yaml", blocks.get(1).source());
    assertEquals(List.of(11), blocks.get(1).getIntList("kernel"));
    assertTrue(root.child("model.encoder.jasper").isList());
    assertEquals(256, root.child("model.encoder.jasper").getInt("[0].filters"));
  }

  @Test
  void missingKeyNamesTheFullPathAndFile() {
    ConfigNode block = root.child("model.encoder.jasper[1]");
    ConfigException e = assertThrows(ConfigException.class, () -> block.getInt("repeat"));
    assertEquals("missing key model.encoder.jasper[1].repeat in conf/x.yaml", e.getMessage());
    ConfigException deep = assertThrows(ConfigException.class, () -> root.getInt("model.decoder.prednet.pred_hidden"));
    assertEquals("missing key model.decoder in conf/x.yaml", deep.getMessage());
    ConfigException index = assertThrows(ConfigException.class, () -> root.getInt("model.encoder.jasper[3].filters"));
    assertEquals("missing key model.encoder.jasper[3] in conf/x.yaml", index.getMessage());
  }

  @Test
  void wrongTypesSayWhatWasExpectedAndGot() {
    ConfigNode model = root.child("model");
    assertEquals(
        "model.name in conf/x.yaml: expected an integer, got string 'tiny'",
        assertThrows(ConfigException.class, () -> model.getInt("name")).getMessage());
    assertEquals(
        "model.quoted_number in conf/x.yaml: expected an integer, got string '16000'",
        assertThrows(ConfigException.class, () -> model.getInt("quoted_number")).getMessage());
    assertEquals(
        "model.lr in conf/x.yaml: expected an integer, got float 0.001",
        assertThrows(ConfigException.class, () -> model.getInt("lr")).getMessage());
    assertEquals(
        "model.sample_rate in conf/x.yaml: expected a string, got integer 16000",
        assertThrows(ConfigException.class, () -> model.getString("sample_rate")).getMessage());
    assertEquals(
        "model.nothing in conf/x.yaml: expected a boolean (true/false), got null",
        assertThrows(ConfigException.class, () -> model.getBool("nothing")).getMessage());
    assertEquals(
        "model.encoder in conf/x.yaml: expected a number, got a map",
        assertThrows(ConfigException.class, () -> model.getDouble("encoder")).getMessage());
    assertEquals(
        "model.name in conf/x.yaml: expected a map or list, got string 'tiny'",
        assertThrows(ConfigException.class, () -> model.child("name")).getMessage());
  }

  @Test
  void requiredMarkerFailsOnlyWhenRead() {
    ConfigNode model = root.child("model");
    assertTrue(model.isMissing("required"));
    assertFalse(model.has("required"), "OmegaConf: 'required' in cfg is False for ???");
    ConfigException e = assertThrows(ConfigException.class, () -> model.getString("required"));
    assertEquals("missing mandatory value (???) at model.required in conf/x.yaml", e.getMessage());
    assertThrows(ConfigException.class, () -> model.findString("required"));
  }

  @Test
  void optionalVariantsAreEmptyForAbsentOrNullKeys() {
    ConfigNode model = root.child("model");
    assertTrue(model.has("nothing"));
    assertTrue(model.isNull("nothing"));
    assertFalse(model.has("absent"));
    assertEquals(7, model.findInt("absent").orElse(7));
    assertEquals(7, model.findInt("nothing").orElse(7));
    assertEquals(16000, model.findInt("sample_rate").orElse(7));
    assertTrue(model.findChild("decoder").isEmpty());
    assertTrue(model.findString("name").isPresent());
    assertThrows(ConfigException.class, () -> model.findInt("name"), "present but of the wrong type still fails");
  }

  @Test
  void modelSectionAcceptsBothLayouts() {
    assertEquals("model", root.modelSection().path().toString());
    ConfigNode bare = ConfigNode.parse("sample_rate: 8000\n", "model_config.yaml");
    assertEquals(8000, bare.modelSection().getInt("sample_rate"));
    assertTrue(bare.modelSection().path().isRoot());
  }

  @Test
  void overridesReturnANewTreeAndLeaveTheOldOne() {
    ConfigNode changed = root.withOverride("model.encoder.jasper[1].filters", 1024);
    assertEquals(1024, changed.getInt("model.encoder.jasper[1].filters"));
    assertEquals(512, root.getInt("model.encoder.jasper[1].filters"));
    ConfigNode model = root.child("model").withOverride("required", "train.jsonl");
    assertEquals("model", model.path().toString());
    assertEquals("train.jsonl", model.getString("required"));
    ConfigNode added = root.withOverride("model.new_key", Map.of("a", 1));
    assertEquals(1, added.getInt("model.new_key.a"));
    assertThrows(ConfigException.class, () -> root.withOverride("model.decoder.x", 1));
    assertThrows(ConfigException.class, () -> root.withOverride("model.encoder.jasper[5].filters", 1));
  }

  @Test
  void badYamlNamesTheFile() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigNode.parse("a: [1, 2\nb: 3\n", "conf/broken.yaml"));
    assertTrue(e.getMessage().startsWith("cannot parse YAML conf/broken.yaml"), e.getMessage());
    ConfigException duplicate = assertThrows(ConfigException.class, () -> ConfigNode.parse("a: 1\na: 2\n", "conf/dup.yaml"));
    assertTrue(duplicate.getMessage().contains("conf/dup.yaml"), duplicate.getMessage());
  }

  @Test
  void pathsMustBeWellFormed() {
    assertThrows(IllegalArgumentException.class, () -> root.getInt("model..sample_rate"));
    assertThrows(IllegalArgumentException.class, () -> root.getInt("model.encoder.jasper[x]"));
    assertEquals("a.b[0][1].c", KeyPath.parse("a.b[0][1].c").toString());
    assertEquals("<root>", KeyPath.root().toString());
  }
}

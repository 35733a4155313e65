package org.rnnt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;
import org.rnnt4j.util.FormatException;

/** Model directories round-trip bit for bit, keep other entries of output_dir, and detect corruption. */
class ModelDirectoryTest {
  static final class Net extends Module {
    Net() {
      registerModule("joint", new Linear(3, 2, true));
    }
  }

  @Test
  void roundTripIsBitExactAndCorruptionIsDetected(@TempDir Path tmp) throws Exception {
    TokenizerFiles tok = TokenizerFiles.read(Path.of("src/test/resources/nemo/tokenizer_spe_bpe_v128"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("all_results.json"), "{}");
    Net net = new Net();
    ConfigNode conf = ConfigNode.parse("decoder: {}\njoint: {}\ntokenizer: {}\n", "conf.yaml");
    ModelDirectory.save(out, ModelWeights.of(net, null), conf, tok, Map.of("seed", 1), Map.of());
    assertTrue(Files.exists(out.resolve("all_results.json")), "other entries of the directory survive");
    Map<String, Tensor> back = ModelDirectory.readWeights(out);
    for (var e : net.stateDict().entrySet()) {
      assertArrayEquals(e.getValue().toFloatArray(), back.get(e.getKey()).toFloatArray(), e.getKey());
    }
    assertEquals(tok.tokenizer().pieces(), ModelDirectory.readConfig(out).getStringList("labels"));

    byte[] bytes = Files.readAllBytes(out.resolve(ModelDirectory.WEIGHTS));
    bytes[bytes.length / 2] ^= 1;
    Files.write(out.resolve(ModelDirectory.WEIGHTS), bytes);
    FormatException e = assertThrows(FormatException.class, () -> ModelDirectory.readWeights(out));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void aFailedSaveLeavesThePreviousModelWholeAndNoTemporaryFolder(@TempDir Path tmp) throws Exception {
    TokenizerFiles tok = TokenizerFiles.read(Path.of("src/test/resources/nemo/tokenizer_spe_bpe_v128"));
    Path out = tmp.resolve("out");
    ConfigNode conf = ConfigNode.parse("decoder: {}\njoint: {}\ntokenizer: {}\n", "conf.yaml");
    Net first = new Net();
    ModelDirectory.save(out, ModelWeights.of(first, null), conf, tok, Map.of("seed", 1), Map.of());
    List<String> before;
    try (var files = Files.list(out)) {
      before = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    Net second = new Net();
    assertThrows(
        IllegalStateException.class,
        () -> ModelDirectory.save(out, ModelWeights.of(second, null), conf, tok, Map.of("seed", 2), Map.of("extra.bin", p -> {
          throw new IllegalStateException("disk full");
        })));
    try (var files = Files.list(out)) {
      assertEquals(before, files.map(p -> p.getFileName().toString()).sorted().toList(), "nothing added, nothing left behind");
    }
    try (var files = Files.list(tmp)) {
      assertEquals(List.of(out), files.toList(), "no temporary sibling is left");
    }
    Map<String, Tensor> back = ModelDirectory.readWeights(out);
    for (var e : first.stateDict().entrySet()) {
      assertArrayEquals(e.getValue().toFloatArray(), back.get(e.getKey()).toFloatArray(), e.getKey());
    }
  }

  @Test
  void missingFilesAreNamed(@TempDir Path tmp) {
    FormatException e = assertThrows(FormatException.class, () -> ModelDirectory.readConfig(tmp));
    assertTrue(e.getMessage().contains("model_config.yaml is missing"), e.getMessage());
  }
}

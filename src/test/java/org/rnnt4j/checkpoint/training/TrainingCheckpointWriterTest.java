package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes replace a checkpoint whole or not at all. */
class TrainingCheckpointWriterTest {
  private static TrainedStates trained;

  @BeforeAll
  static void train() {
    trained = TrainedStates.build(7);
  }

  @Test
  void rewritingACheckpointReplacesItWhole(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("checkpoint-5");
    TrainingCheckpointWriter.write(dir, trained.state);
    Files.writeString(dir.resolve("stray.txt"), "from the old one");
    TrainingState second =
        trained.state.withSection(new CheckpointSection("ema", Map.of("ema.bin", new byte[] {42})));
    TrainingCheckpointWriter.write(dir, second);
    assertEquals(second, TrainingCheckpointReader.read(dir));
    assertTrue(!Files.exists(dir.resolve("stray.txt")), "no file of the old directory survives");
    try (var siblings = Files.list(tmp)) {
      assertEquals(List.of(dir), siblings.toList(), "no temporary or old folder is left");
    }
  }

  @Test
  void aFailedWriteLeavesTheExistingCheckpointAsItWas(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("checkpoint-5");
    TrainingCheckpointWriter.write(dir, trained.state);
    TrainingState clashing =
        trained.state.withSection(
            new CheckpointSection("bad", Map.of("optimizer.safetensors", "x".getBytes(StandardCharsets.UTF_8))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrainingCheckpointWriter.write(dir, clashing));
    assertTrue(e.getMessage().contains("optimizer.safetensors collides"), e.getMessage());
    assertEquals(trained.state, TrainingCheckpointReader.read(dir));
    try (var siblings = Files.list(tmp)) {
      assertEquals(List.of(dir), siblings.toList(), "the temporary folder is removed");
    }
  }

  @Test
  void optionalSectionsCannotTakeCoreNamesOrEscapeTheDirectory() {
    Map<String, byte[]> one = Map.of("x.bin", new byte[1]);
    assertThrows(IllegalArgumentException.class, () -> new CheckpointSection("optimizer", one));
    assertThrows(IllegalArgumentException.class, () -> new CheckpointSection("EMA", one));
    assertThrows(IllegalArgumentException.class, () -> new CheckpointSection("ema", Map.of("../x.bin", new byte[1])));
    assertThrows(IllegalArgumentException.class, () -> new CheckpointSection("ema", Map.of("/abs.bin", new byte[1])));
  }
}

package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * save_total_limit as Hugging Face's {@code Trainer._rotate_checkpoints} applies it (transformers'
 * trainer.py): the oldest go first, ordered by step, not by name; the best model's checkpoint stays.
 */
class CheckpointRotationTest {
  private static List<String> names(Path dir) {
    return CheckpointRotation.list(dir).stream().map(p -> p.getFileName().toString()).toList();
  }

  private static Path make(Path out, String... names) throws Exception {
    for (String n : names) {
      Files.createDirectories(out.resolve(n));
    }
    return out;
  }

  @Test
  void keepsTheNewestByStep(@TempDir Path tmp) throws Exception {
    Path out = make(tmp, "checkpoint-9", "checkpoint-10", "checkpoint-100", "checkpoint-20", "checkpoint-20.tmp-123", "runs");
    assertEquals(List.of("checkpoint-9", "checkpoint-10", "checkpoint-20", "checkpoint-100"), names(out));
    CheckpointRotation.rotate(out, 2, null);
    assertEquals(List.of("checkpoint-20", "checkpoint-100"), names(out));
    assertEquals(true, Files.isDirectory(out.resolve("checkpoint-20.tmp-123")), "unfinished writes are not checkpoints");
    CheckpointRotation.rotate(out, 0, null);
    assertEquals(List.of("checkpoint-20", "checkpoint-100"), names(out), "0 keeps all");
  }

  @Test
  void theBestCheckpointSurvives(@TempDir Path tmp) throws Exception {
    Path out = make(tmp, "checkpoint-1", "checkpoint-2", "checkpoint-3", "checkpoint-4", "checkpoint-5");
    CheckpointRotation.rotate(out, 3, out.resolve("checkpoint-1").toString());
    assertEquals(List.of("checkpoint-1", "checkpoint-4", "checkpoint-5"), names(out));
    CheckpointRotation.rotate(out, 1, "checkpoint-1");
    assertEquals(List.of("checkpoint-1", "checkpoint-5"), names(out), "limit 1 keeps the newest beside the best");
    CheckpointRotation.rotate(out, 1, "checkpoint-5");
    assertEquals(List.of("checkpoint-5"), names(out), "the best is the newest: one stays");
  }
}

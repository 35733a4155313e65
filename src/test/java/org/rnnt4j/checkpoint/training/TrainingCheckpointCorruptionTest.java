package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.Sha256;

/**
 * The reader refuses damaged checkpoints with a message naming the file and the damage, and handles
 * sections it does not know as the format says: optional ones are kept, required ones refused.
 */
class TrainingCheckpointCorruptionTest {
  private static TrainedStates trained;

  @BeforeAll
  static void train() {
    trained = TrainedStates.build(99);
  }

  private static Path written(Path tmp) {
    Path dir = tmp.resolve("checkpoint-5");
    TrainingCheckpointWriter.write(dir, trained.state);
    return dir;
  }

  private static void assertRefused(Path dir, String file, String problem) {
    FormatException e = assertThrows(FormatException.class, () -> TrainingCheckpointReader.read(dir));
    assertTrue(e.getMessage().contains(file) && e.getMessage().contains(problem), "expected " + file + " and '" + problem + "' in: " + e.getMessage());
  }

  @Test
  void aTruncatedFileIsNamed(@TempDir Path tmp) throws Exception {
    Path dir = written(tmp);
    Path file = dir.resolve("optimizer.safetensors");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    assertRefused(dir, "optimizer.safetensors", "truncated: " + (bytes.length - 100) + " bytes, checkpoint.json records " + bytes.length);
  }

  @Test
  void aFlippedByteIsNamed(@TempDir Path tmp) throws Exception {
    Path dir = written(tmp);
    for (String name : new String[] {"model_weights.ckpt", "trainer_state.json", "scaler/history.bin"}) {
      Path file = dir.resolve(name);
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x10;
      Files.write(file, bytes);
      assertRefused(dir, name, "checksum mismatch");
      bytes[bytes.length / 2] ^= 0x10;
      Files.write(file, bytes);
    }
    TrainingCheckpointReader.read(dir); // each repaired again
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path tmp) throws Exception {
    Path dir = written(tmp);
    Files.delete(dir.resolve("scheduler.json"));
    assertRefused(dir, "scheduler.json", "missing: checkpoint.json lists it in section 'scheduler'");
    Path other = written(tmp.resolve("b"));
    Files.delete(other.resolve("tokenizer_spe_bpe_v128/tokenizer.model"));
    assertRefused(other, "tokenizer.model", "section 'model'");
  }

  @Test
  void aMissingHeaderIsNamed(@TempDir Path tmp) throws Exception {
    Path dir = written(tmp);
    Files.delete(dir.resolve("checkpoint.json"));
    assertRefused(dir, "checkpoint.json", "missing: not an rnnt4j training checkpoint");
  }

  @Test
  void versionsOutsideTheReadableRangeAreTooNewOrTooOld(@TempDir Path tmp) {
    Path dir = written(tmp);
    editHeader(dir, h -> h.put("version", 2));
    assertRefused(dir, "checkpoint.json", "version 2 is too new: written by a newer rnnt4j; this one reads versions 1 to 1");
    editHeader(dir, h -> h.put("version", 0));
    assertRefused(dir, "checkpoint.json", "version 0 is too old: this rnnt4j reads versions 1 to 1");
    editHeader(dir, h -> h.put("format", "rnnt4j-model-directory"));
    assertRefused(dir, "checkpoint.json", "format is 'rnnt4j-model-directory', expected rnnt4j-training-checkpoint");
  }

  @Test
  void aMissingRequiredSectionIsReported(@TempDir Path tmp) {
    Path dir = written(tmp);
    editHeader(dir, h -> removeSection(h, "rng"));
    assertRefused(dir, "checkpoint.json", "required section 'rng' is missing");
  }

  @Test
  void anUnknownRequiredSectionIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = written(tmp);
    addSection(dir, "per_rank", true, "rank_1.json", "{}");
    assertRefused(dir, "checkpoint.json", "required section 'per_rank' is unknown to this rnnt4j");
  }

  @Test
  void anUnknownOptionalSectionIsVerifiedAndKept(@TempDir Path tmp) throws Exception {
    Path dir = written(tmp);
    addSection(dir, "ema", false, "ema.json", "{\"decay\": 0.999}");
    TrainingState back = TrainingCheckpointReader.read(dir);
    assertEquals(trained.state.withSection(back.sections().get("ema")), back);
    assertArrayEquals("{\"decay\": 0.999}".getBytes(StandardCharsets.UTF_8), back.sections().get("ema").files().get("ema.json"));

    Files.writeString(dir.resolve("ema.json"), "{\"decay\": 0.111}");
    assertRefused(dir, "ema.json", "checksum mismatch");
  }

  @Test
  void aHeaderPathOutsideTheCheckpointIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = written(tmp);
    addSection(dir, "escape", false, "../outside.json", "{}");
    assertRefused(dir, "checkpoint.json", "lists a file outside the checkpoint: '../outside.json'");
  }

  private static void editHeader(Path dir, Consumer<ObjectNode> edit) {
    ObjectNode header = (ObjectNode) Json.read(dir.resolve("checkpoint.json"));
    edit.accept(header);
    Json.write(dir.resolve("checkpoint.json"), header);
  }

  private static void removeSection(ObjectNode header, String name) {
    ArrayNode sections = (ArrayNode) header.get("sections");
    for (int i = 0; i < sections.size(); i++) {
      if (sections.get(i).get("name").asText().equals(name)) {
        sections.remove(i);
        return;
      }
    }
    throw new AssertionError("no section " + name);
  }

  /** Adds a section as a later rnnt4j would write it: its file, and an entry with size and checksum. */
  private static void addSection(Path dir, String name, boolean required, String path, String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (!path.startsWith("..")) {
      Files.write(dir.resolve(path), bytes);
    }
    editHeader(dir, h -> {
      ObjectNode section = ((ArrayNode) h.get("sections")).addObject();
      section.put("name", name);
      section.put("required", required);
      ObjectNode file = section.putArray("files").addObject();
      file.put("path", path);
      file.put("size", bytes.length);
      file.put("sha256", Sha256.of(bytes));
    });
  }
}

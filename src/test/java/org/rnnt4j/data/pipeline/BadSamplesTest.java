package org.rnnt4j.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.DataException;

/** Corrupt, empty and transcript-less samples are skipped and counted, or fail with --fail_on_bad_samples. */
class BadSamplesTest {
  private static DataArguments manifestData(Path manifest, boolean fail) {
    return DataArguments.builder()
        .dataset(DatasetSelection.builder().preprocessingNumWorkers(1).failOnBadSamples(fail).build())
        .evalManifest(manifest.toString())
        .build();
  }

  private static Path manifest(Path dir) throws Exception {
    Files.copy(Path.of("src/test/resources/nemo/audio/utt0.wav"), dir.resolve("good.wav"));
    Files.write(dir.resolve("corrupt.wav"), "RIFF\u0000\u0000garbage".getBytes());
    Files.write(dir.resolve("empty.wav"), new byte[0]);
    Path m = dir.resolve("manifest.json");
    Files.writeString(
        m,
        "{\"audio_filepath\": \"good.wav\", \"duration\": 2.0, \"text\": \"Good  Morning \"}\n"
            + "{\"audio_filepath\": \"corrupt.wav\", \"duration\": 1.0, \"text\": \"x\"}\n"
            + "{\"audio_filepath\": \"empty.wav\", \"duration\": 1.0, \"text\": \"y\"}\n"
            + "{\"audio_filepath\": \"good.wav\", \"duration\": 2.0, \"text\": \"   \"}\n");
    return m;
  }

  @Test
  void badAudioIsSkippedAndCountedAndEmptyTranscriptsDropped(@TempDir Path dir) throws Exception {
    PreparedSplit eval = new DatasetPreparation(manifestData(manifest(dir), false), 16000).eval();
    assertEquals(2, eval.badSamples(), "corrupt.wav and empty.wav");
    assertEquals(1, eval.examples().size());
    assertEquals("good morning", eval.examples().get(0).text(), "lower-cased, whitespace collapsed and stripped");
    assertTrue(eval.reports().stream().anyMatch(r -> r.droppedCount() == 1), eval.reports().toString());
  }

  @Test
  void failOnBadSamplesNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    DataException e =
        assertThrows(DataException.class, () -> new DatasetPreparation(manifestData(manifest(dir), true), 16000).eval());
    assertTrue(e.getMessage().contains("manifest.json:2"), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt.wav"), e.getMessage());
  }
}

package org.rnnt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.DataException;

class NemoManifestsTest {
  private static final Path TRAIN = SynthEnTable.resource("synth_en_manifest/train/manifest.jsonl");
  private static final Path VALIDATION = SynthEnTable.resource("synth_en_manifest/validation/manifest.jsonl");

  @Test
  void readsRelativeAudioPathsDurationsAndTexts() {
    List<Utterance> train = NemoManifests.read(List.of(TRAIN));
    assertEquals(8, train.size());
    for (Utterance u : train) {
      SynthEnTable.Row expected = SynthEnTable.BY_ID.get(u.id());
      assertEquals(expected.text(), u.text());
      assertEquals(expected.duration(), u.durationSeconds());
      assertEquals(expected.sha256(), SynthEnTable.sha256(u.audio().readAllBytes()));
      AudioRef.FileAudio file = assertInstanceOf(AudioRef.FileAudio.class, u.audio());
      assertEquals(TRAIN.getParent().resolve("audio").resolve(u.id() + ".flac"), file.path(), "relative to the manifest's folder");
      assertEquals(0.0, file.offsetSeconds());
    }
    assertEquals("train-00000", train.get(0).id());
    assertEquals(TRAIN + ":1", train.get(0).source().toString());
  }

  @Test
  void commaJoinedManifestsConcatenate() {
    List<Utterance> both = NemoManifests.read(TRAIN + "," + VALIDATION);
    assertEquals(16, both.size());
    assertEquals("validation-00000", both.get(8).id());
  }

  @Test
  void manifestRowsAreTheParquetRows() {
    Map<String, Utterance> parquet =
        HubDataset.open(DuckDbFiles.DUMMY, null, ColumnNames.defaults()).load("train[:8]+validation[:8]").stream()
            .collect(Collectors.toMap(Utterance::id, Function.identity()));
    List<Utterance> manifest = NemoManifests.read(List.of(TRAIN, VALIDATION));
    assertEquals(parquet.keySet(), manifest.stream().map(Utterance::id).collect(Collectors.toSet()));
    for (Utterance m : manifest) {
      Utterance p = parquet.get(m.id());
      assertEquals(m.text(), p.text(), m.id());
      assertArrayEquals(m.audio().readAllBytes(), p.audio().readAllBytes(), "FLAC bytes of " + m.id());
    }
  }

  @Test
  void optionalOffsetNullDurationMissingTextAndBlankLines(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("a"));
    Files.copy(SynthEnTable.resource("synth_en_manifest/train/audio/train-00001.flac"), tmp.resolve("a/x.flac"));
    Path abs = tmp.resolve("a/x.flac").toAbsolutePath();
    Files.writeString(
        tmp.resolve("m.jsonl"),
        "{\"audio_filepath\": \"a/x.flac\", \"duration\": 0.5, \"offset\": 0.25, \"text\": \"JOEY\"}\n"
            + "\n"
            + "{\"audio_filename\": \"" + abs + "\", \"duration\": null}\n");
    List<Utterance> rows = NemoManifests.read(tmp.resolve("m.jsonl").toString());
    assertEquals(2, rows.size());
    AudioRef.FileAudio segment = (AudioRef.FileAudio) rows.get(0).audio();
    assertEquals(0.25, segment.offsetSeconds());
    assertEquals(0.5, segment.durationSeconds());
    assertEquals("x@0.25", rows.get(0).id());
    assertEquals("", rows.get(1).text(), "NeMo: a missing text is empty");
    assertTrue(Double.isNaN(rows.get(1).durationSeconds()));
    assertEquals(tmp.resolve("m.jsonl") + ":3", rows.get(1).source().toString(), "blank lines still count");
  }

  @Test
  void everyBadLineIsReportedOnceWithFileAndLine(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("audio"));
    Files.copy(SynthEnTable.resource("synth_en_manifest/train/audio/train-00001.flac"), tmp.resolve("audio/ok.flac"));
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(
        bad,
        String.join(
            "\n",
            "{\"audio_filepath\": \"audio/ok.flac\", \"duration\": 1.7, \"text\": \"FINE\"}",
            "{\"audio_filepath\": \"audio/ok.flac\", \"duration\": 1.7, \"text\": \"BROKEN\"",
            "{\"audio_filepath\": \"audio/ok.flac\", \"text\": \"NO DURATION\"}",
            "{\"audio_filepath\": \"audio/missing.flac\", \"duration\": 1.0, \"text\": \"GONE\"}",
            "{\"duration\": 1.0, \"text\": \"NO AUDIO KEY\"}",
            "{\"audio_filepath\": \"audio/ok.flac\", \"duration\": \"long\", \"text\": \"X\"}",
            "{\"audio_filepath\": \"audio/ok.flac\", \"duration\": -1, \"text\": \"X\"}",
            "[1, 2]",
            ""));
    Path good = tmp.resolve("good.jsonl");
    Files.writeString(good, "{\"audio_filepath\": \"audio/ok.flac\", \"duration\": 1.7, \"text\": \"FINE\"}\n");
    DataException e = assertThrows(DataException.class, () -> NemoManifests.read(good + "," + bad + "," + tmp.resolve("absent.jsonl")));
    String message = e.getMessage();
    assertTrue(message.contains("8 bad manifest line(s)"), message);
    assertTrue(message.contains(bad + ":2: not valid JSON"), message);
    assertTrue(message.contains(bad + ":3: missing key duration"), message);
    assertTrue(message.contains(bad + ":4: audio file not found: " + tmp.resolve("audio/missing.flac")), message);
    assertTrue(message.contains(bad + ":5: missing key audio_filepath"), message);
    assertTrue(message.contains(bad + ":6: duration must be a number of seconds, got \"long\""), message);
    assertTrue(message.contains(bad + ":7: duration must be >= 0 seconds, got -1"), message);
    assertTrue(message.contains(bad + ":8: expected a JSON object, got ARRAY"), message);
    assertTrue(message.contains(tmp.resolve("absent.jsonl") + ": manifest file not found"), message);
  }
}

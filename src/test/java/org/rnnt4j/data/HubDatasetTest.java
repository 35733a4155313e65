package org.rnnt4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.DataException;

/**
 * Reads the bundled dummy dataset (DuckDB writer) and the arrow-rs copy (zstd, data page v2, row groups
 * of 16) and checks every row against the manifest layout's table: same id, transcript and FLAC bytes.
 */
class HubDatasetTest {
  private static final Path ARROW_RS = SynthEnTable.resource("synth_en_arrow_rs");

  /** Same id, transcript and FLAC bytes as the manifest layout, and the same row in its (single-shard) file. */
  private static void assertMatchesTable(Utterance u) {
    assertSameContent(u);
    assertEquals(SynthEnTable.BY_ID.get(u.id()).row(), u.source().position(), "row of " + u.id());
  }

  private static void assertSameContent(Utterance u) {
    SynthEnTable.Row expected = SynthEnTable.BY_ID.get(u.id());
    assertTrue(expected != null, "unknown id " + u.id());
    assertEquals(expected.text(), u.text(), u.id());
    assertEquals(expected.sha256(), SynthEnTable.sha256(u.audio().readAllBytes()), "FLAC bytes of " + u.id());
  }

  @Test
  void dummyDatasetSplitsComeFromTheCard() {
    HubDataset dummy = HubDataset.open(DuckDbFiles.DUMMY, null, ColumnNames.defaults());
    assertEquals(List.of("train", "validation"), dummy.splits());
    assertEquals("default", dummy.layout().configName());
    assertEquals(48, dummy.numRows("train"));
    assertEquals(16, dummy.numRows("validation"));
    List<Utterance> train = dummy.load("train");
    assertEquals(48, train.size());
    assertEquals(IntStream.range(0, 48).mapToObj(i -> String.format("train-%05d", i)).toList(), train.stream().map(Utterance::id).toList());
    train.forEach(HubDatasetTest::assertMatchesTable);
    Utterance first = train.get(0);
    assertInstanceOf(AudioRef.InMemoryAudio.class, first.audio());
    assertTrue(Double.isNaN(first.durationSeconds()), "Parquet rows carry no duration");
    assertTrue(first.source().toString().endsWith("train-00000-of-00001.parquet row 0"), first.source().toString());
    assertTrue(first.audio().sourceName().endsWith("row 0 (train-00000.flac)"), first.audio().sourceName());
    dummy.load("validation").forEach(HubDatasetTest::assertMatchesTable);
  }

  @Test
  void arrowRsWriterReadsTheSameRows() {
    HubDataset arrow = HubDataset.open(ARROW_RS, null, ColumnNames.defaults());
    assertEquals(List.of("validation"), arrow.splits());
    List<Utterance> rows = arrow.load("validation");
    assertEquals(32, rows.size());
    rows.forEach(HubDatasetTest::assertMatchesTable);
    List<Utterance> dummy = HubDataset.open(DuckDbFiles.DUMMY, null, ColumnNames.defaults()).load("validation");
    for (int i = 0; i < 16; i++) {
      assertEquals(dummy.get(i).id(), rows.get(i).id());
      assertEquals(dummy.get(i).text(), rows.get(i).text());
      assertArrayEquals(dummy.get(i).audio().readAllBytes(), rows.get(i).audio().readAllBytes(), "row " + i);
    }
  }

  @Test
  void slicesCrossRowGroupsAndConcatenate() {
    HubDataset arrow = HubDataset.open(ARROW_RS, null, ColumnNames.defaults());
    assertEquals(ids("validation", 10, 20), arrow.load("validation[10:20]").stream().map(Utterance::id).toList());
    assertEquals(ids("validation", 29, 32), arrow.load("validation[-10%:]").stream().map(Utterance::id).toList());
    assertEquals(29, arrow.load("validation[:90%]").size());
    HubDataset dummy = HubDataset.open(DuckDbFiles.DUMMY, null, ColumnNames.defaults());
    List<String> mixed = dummy.load("train[:2]+validation[-2:]+train[47:]").stream().map(Utterance::id).toList();
    assertEquals(List.of("train-00000", "train-00001", "validation-00014", "validation-00015", "train-00047"), mixed);
    assertEquals(0, dummy.load("validation[5:2]").size());
  }

  @Test
  void unknownSplitListsTheAvailableOnes() {
    HubDataset dummy = HubDataset.open(DuckDbFiles.DUMMY, null, ColumnNames.defaults());
    DataException e = assertThrows(DataException.class, () -> dummy.load("test"));
    assertTrue(e.getMessage().contains("unknown split \"test\""), e.getMessage());
    assertTrue(e.getMessage().contains("available splits: [train, validation]"), e.getMessage());
    assertThrows(DataException.class, () -> dummy.load("train+test[:5]"));
  }

  @Test
  void missingDirectoryAndMissingColumnsAreNamed(@TempDir Path tmp) {
    DataException missing = assertThrows(DataException.class, () -> HubDataset.open(tmp.resolve("nope"), null, ColumnNames.defaults()));
    assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("does not exist"), missing.getMessage());
    HubDataset wrong = HubDataset.open(DuckDbFiles.DUMMY, null, new ColumnNames("audio", "sentence"));
    DataException column = assertThrows(DataException.class, () -> wrong.load("validation"));
    assertTrue(column.getMessage().contains("--text_column_name 'sentence' not found"), column.getMessage());
    assertTrue(column.getMessage().contains("[file, audio, text, speaker_id, chapter_id, id]"), column.getMessage());
    DataException empty = assertThrows(DataException.class, () -> HubDataset.open(tmp, null, ColumnNames.defaults()));
    assertTrue(empty.getMessage().contains("no Parquet data files found"), empty.getMessage());
  }

  @Test
  void splitsFromShardedFileNamesWithoutACard(@TempDir Path tmp) throws Exception {
    DuckDbFiles.write(tmp.resolve("data/train-00000-of-00002.parquet"), "SELECT * FROM $TRAIN LIMIT 3");
    DuckDbFiles.write(tmp.resolve("data/train-00001-of-00002.parquet"), "SELECT * FROM $TRAIN LIMIT 4 OFFSET 3");
    DuckDbFiles.write(tmp.resolve("data/validation.other-00000-of-00001.parquet"), "SELECT * FROM $VALIDATION LIMIT 2");
    HubDataset ds = HubDataset.open(tmp, null, ColumnNames.defaults());
    assertEquals(List.of("train", "validation.other"), ds.splits());
    assertEquals(7, ds.numRows("train"));
    List<Utterance> slice = ds.load("train[2:5]");
    assertEquals(ids("train", 2, 5), slice.stream().map(Utterance::id).toList(), "a slice across two shards");
    assertEquals(0, slice.get(1).source().position(), "row numbers are per file");
    slice.forEach(HubDatasetTest::assertSameContent);
  }

  @Test
  void splitsFromFolderAndFileNames(@TempDir Path tmp) throws Exception {
    Path folders = tmp.resolve("folders");
    DuckDbFiles.write(folders.resolve("train/part-0.parquet"), "SELECT * FROM $TRAIN LIMIT 2");
    DuckDbFiles.write(folders.resolve("test/part-0.parquet"), "SELECT * FROM $VALIDATION LIMIT 1");
    assertEquals(List.of("test", "train"), HubDataset.open(folders, null, ColumnNames.defaults()).splits());
    Path files = tmp.resolve("files");
    DuckDbFiles.write(files.resolve("train.parquet"), "SELECT * FROM $TRAIN LIMIT 2");
    DuckDbFiles.write(files.resolve("dev.parquet"), "SELECT * FROM $VALIDATION LIMIT 3");
    HubDataset ds = HubDataset.open(files, null, ColumnNames.defaults());
    assertEquals(List.of("dev", "train"), ds.splits());
    assertEquals(3, ds.load("dev").size());
  }

  @Test
  void configsAreSelectedByName(@TempDir Path tmp) throws Exception {
    DuckDbFiles.write(tmp.resolve("clean/train.parquet"), "SELECT * FROM $TRAIN LIMIT 2");
    DuckDbFiles.write(tmp.resolve("other/train.parquet"), "SELECT * FROM $TRAIN LIMIT 5");
    Files.writeString(
        tmp.resolve("README.md"),
        String.join(
            "\n",
            "---",
            "configs:",
            "- config_name: clean",
            "  data_files:",
            "  - split: train",
            "    path: clean/*.parquet",
            "- config_name: other",
            "  data_files: other/train.parquet",
            "---",
            "# two configs"));
    assertEquals(2, HubDataset.open(tmp, "clean", ColumnNames.defaults()).load("train").size());
    assertEquals(5, HubDataset.open(tmp, "other", ColumnNames.defaults()).load("train").size(), "a plain string is the train split");
    DataException none = assertThrows(DataException.class, () -> HubDataset.open(tmp, null, ColumnNames.defaults()));
    assertTrue(none.getMessage().contains("--dataset_config_name among [clean, other]"), none.getMessage());
    DataException unknown = assertThrows(DataException.class, () -> HubDataset.open(tmp, "noisy", ColumnNames.defaults()));
    assertTrue(unknown.getMessage().contains("unknown dataset config 'noisy'"), unknown.getMessage());
  }

  @Test
  void badRowsAreCollectedAndReportedTogether(@TempDir Path tmp) throws Exception {
    DuckDbFiles.write(
        tmp.resolve("data/train-00000-of-00001.parquet"),
        "SELECT file, CASE WHEN id = 'train-00001' THEN NULL ELSE audio END AS audio,"
            + " CASE WHEN id = 'train-00003' THEN NULL ELSE text END AS text, id FROM $TRAIN LIMIT 5");
    HubDataset ds = HubDataset.open(tmp, null, ColumnNames.defaults());
    DataException e = assertThrows(DataException.class, () -> ds.load("train"));
    assertTrue(e.getMessage().contains("2 bad row(s) in train"), e.getMessage());
    assertTrue(e.getMessage().contains("train-00000-of-00001.parquet row 1: audio has neither bytes nor a path"), e.getMessage());
    assertTrue(e.getMessage().contains("train-00000-of-00001.parquet row 3: text is null"), e.getMessage());
  }

  @Test
  void pathOnlyAudioAndRowIdsWithoutIdColumns(@TempDir Path tmp) throws Exception {
    Path audio = SynthEnTable.resource("synth_en_manifest/validation/audio/validation-00002.flac");
    Files.createDirectories(tmp.resolve("data/clips"));
    Files.copy(audio, tmp.resolve("data/clips/x.flac"));
    DuckDbFiles.write(
        tmp.resolve("data/test-00000-of-00001.parquet"),
        "SELECT {'bytes': NULL::BLOB, 'path': 'clips/x.flac'} AS audio, 'YOU HUMANS ARE ALL ALIKE' AS sentence, 2.5 AS duration");
    HubDataset ds = HubDataset.open(tmp, null, new ColumnNames("audio", "sentence"));
    Utterance u = ds.load("test").get(0);
    assertEquals("test-0", u.id());
    assertEquals(2.5, u.durationSeconds());
    AudioRef.FileAudio file = assertInstanceOf(AudioRef.FileAudio.class, u.audio());
    assertEquals(tmp.resolve("data/clips/x.flac").toAbsolutePath().normalize(), file.path());
    assertEquals(SynthEnTable.BY_ID.get("validation-00002").sha256(), SynthEnTable.sha256(u.audio().readAllBytes()));
  }

  private static List<String> ids(String split, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> String.format("%s-%05d", split, i)).toList();
  }
}

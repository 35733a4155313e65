package org.rnnt4j.data.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.ColumnNames;
import org.rnnt4j.data.SynthEnTable;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.util.DataException;

/**
 * The validation split of synth_en as {@code datasets.save_to_disk} lays it out, its Arrow stream written
 * by Apache Arrow's JS library (not by this reader's flatbuffers code): every row must match the reference
 * table (id, transcript, byte-identical FLAC).
 */
class SaveToDiskDatasetTest {
  private static final Path DIR = SynthEnTable.resource("synth_en_save_to_disk");

  @Test
  void readsEveryRowAsTheReferenceTableHasIt() {
    SaveToDiskDataset ds = SaveToDiskDataset.open(DIR, ColumnNames.defaults());
    assertEquals(List.of("validation"), ds.splits());
    assertEquals(32, ds.numRows("validation"));
    List<Utterance> rows = ds.load("validation");
    assertEquals(32, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Utterance u = rows.get(i);
      SynthEnTable.Row ref = SynthEnTable.BY_ID.get(u.id());
      assertEquals("validation", ref.split(), u.id());
      assertEquals(i, ref.row());
      assertEquals(ref.text(), u.text());
      assertEquals(ref.sha256(), SynthEnTable.sha256(u.audio().readAllBytes()), u.id());
      assertTrue(u.audio() instanceof AudioRef.StoredAudio, "bytes stay in the memory-mapped file");
      assertTrue(u.source().toString().endsWith("data-00000-of-00001.arrow row " + i), u.source().toString());
    }
  }

  @Test
  void splitExpressionsSliceAndConcatenate() {
    SaveToDiskDataset ds = SaveToDiskDataset.open(DIR, ColumnNames.defaults());
    List<Utterance> picked = ds.load("validation[:2]+validation[-10%:]");
    assertEquals(List.of("validation-00000", "validation-00001", "validation-00029", "validation-00030", "validation-00031"),
        picked.stream().map(Utterance::id).toList());
  }

  @Test
  void aSingleDatasetFolderIsItsOwnSplit(@TempDir Path tmp) throws Exception {
    for (String f : List.of("data-00000-of-00001.arrow", "dataset_info.json", "state.json")) {
      Files.copy(DIR.resolve("validation").resolve(f), tmp.resolve(f));
    }
    SaveToDiskDataset ds = SaveToDiskDataset.open(tmp, ColumnNames.defaults());
    assertEquals(List.of("validation"), ds.splits(), "from state.json's _split");
    assertEquals(32, ds.numRows("validation"));
  }

  @Test
  void unknownColumnsAndSplitsAreNamed() {
    SaveToDiskDataset ds = SaveToDiskDataset.open(DIR, new ColumnNames("audio", "sentence"));
    DataException column = assertThrows(DataException.class, () -> ds.load("validation"));
    assertTrue(column.getMessage().contains("--text_column_name 'sentence' not found"), column.getMessage());
    assertTrue(column.getMessage().contains("speaker_id"), "lists the columns: " + column.getMessage());
    DataException split = assertThrows(DataException.class, () -> ds.load("test"));
    assertTrue(split.getMessage().contains("available splits: [validation]"), split.getMessage());
  }

  @Test
  void truncatedAndForeignFilesFailNamingTheFile(@TempDir Path tmp) throws Exception {
    Path arrow = DIR.resolve("validation/data-00000-of-00001.arrow");
    Path cut = tmp.resolve("cut.arrow");
    byte[] all = Files.readAllBytes(arrow);
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    DataException truncated = assertThrows(DataException.class, () -> ArrowIpcFile.open(cut));
    assertTrue(truncated.getMessage().contains("cut.arrow") && truncated.getMessage().contains("truncated"), truncated.getMessage());
    Path parquet = SynthEnTable.resource("synth_en_arrow_rs/data/validation-00000-of-00001.parquet");
    DataException foreign = assertThrows(DataException.class, () -> ArrowIpcFile.open(parquet));
    assertTrue(foreign.getMessage().contains("validation-00000-of-00001.parquet"), foreign.getMessage());
  }

  @Test
  void missingStateJsonIsReported(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("dataset_dict.json"), "{\"splits\": [\"train\"]}");
    Files.createDirectories(tmp.resolve("train"));
    DataException e = assertThrows(DataException.class, () -> SaveToDiskDataset.open(tmp, ColumnNames.defaults()));
    assertTrue(e.getMessage().contains("state.json"), e.getMessage());
  }

  @Test
  void halfFloatsDecodeAsIeee() {
    assertEquals(1.0f, ArrowVector.halfToFloat((short) 0x3C00));
    assertEquals(-2.0f, ArrowVector.halfToFloat((short) 0xC000));
    assertEquals(65504f, ArrowVector.halfToFloat((short) 0x7BFF));
    assertEquals(0x1p-24f, ArrowVector.halfToFloat((short) 0x0001));
    assertTrue(Float.isInfinite(ArrowVector.halfToFloat((short) 0x7C00)));
  }
}

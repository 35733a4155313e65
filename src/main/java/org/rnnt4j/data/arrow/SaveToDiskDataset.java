package org.rnnt4j.data.arrow;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.BadRows;
import org.rnnt4j.data.ColumnNames;
import org.rnnt4j.data.DatasetSource;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.SplitExpression;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.util.DataException;
import org.rnnt4j.util.Json;

/**
 * A folder written by {@code datasets}' {@code DatasetDict.save_to_disk} ({@code dataset_dict.json} listing
 * the splits, one sub-folder per split) or {@code Dataset.save_to_disk} (one split at the top): each split
 * has {@code state.json} naming its Arrow files in order ({@code _data_files}), {@code dataset_info.json}
 * with the features, and the Arrow IPC stream files themselves, read in place through memory maps. The
 * {@code Audio} feature is the struct {@code {bytes, path}} as in Parquet (bytes win; a path alone is a file
 * relative to the split folder, or absolute).
 */
public final class SaveToDiskDataset implements DatasetSource {
  private final Path directory;
  private final ColumnNames columns;
  private final Map<String, List<Path>> files;

  private SaveToDiskDataset(Path directory, ColumnNames columns, Map<String, List<Path>> files) {
    this.directory = directory;
    this.columns = columns;
    this.files = files;
  }

  /** Whether a folder looks like a save_to_disk output ({@code dataset_dict.json} or {@code state.json}). */
  public static boolean isSaveToDiskFolder(Path directory) {
    return Files.isRegularFile(directory.resolve("dataset_dict.json")) || Files.isRegularFile(directory.resolve("state.json"));
  }

  /** @throws DataException when the folder's JSON files are missing or malformed, naming the file */
  public static SaveToDiskDataset open(Path directory, ColumnNames columns) {
    Map<String, List<Path>> files = new LinkedHashMap<>();
    Path dict = directory.resolve("dataset_dict.json");
    if (Files.isRegularFile(dict)) {
      JsonNode splits = readJson(dict).get("splits");
      if (splits == null || !splits.isArray()) {
        throw new DataException(dict, "expected {\"splits\": [...]} as datasets.DatasetDict.save_to_disk writes it");
      }
      for (JsonNode split : splits) {
        files.put(split.asText(), dataFiles(directory.resolve(split.asText())));
      }
    } else if (Files.isRegularFile(directory.resolve("state.json"))) {
      JsonNode name = readJson(directory.resolve("state.json")).get("_split");
      files.put(name == null || name.isNull() ? "train" : name.asText(), dataFiles(directory));
    } else {
      throw new DataException(directory, "not a datasets.save_to_disk folder: no dataset_dict.json or state.json");
    }
    return new SaveToDiskDataset(directory, columns, files);
  }

  private static List<Path> dataFiles(Path splitDir) {
    Path state = splitDir.resolve("state.json");
    if (!Files.isRegularFile(state)) {
      throw new DataException(state, "missing: every split folder of save_to_disk has a state.json");
    }
    JsonNode list = readJson(state).get("_data_files");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new DataException(state, "expected a non-empty _data_files list of {\"filename\": ...}");
    }
    List<Path> out = new ArrayList<>();
    for (JsonNode entry : list) {
      JsonNode name = entry.get("filename");
      if (name == null || !name.isTextual()) {
        throw new DataException(state, "each _data_files entry needs a filename, got " + entry);
      }
      Path file = splitDir.resolve(name.asText());
      if (!Files.isRegularFile(file)) {
        throw new DataException(state, "names " + name.asText() + ", which does not exist in " + splitDir);
      }
      out.add(file);
    }
    return out;
  }

  private static JsonNode readJson(Path file) {
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new DataException(file, "not valid JSON: " + e.getMessage(), e);
    }
  }

  public Path directory() {
    return directory;
  }

  @Override
  public String description() {
    return directory + " (datasets.save_to_disk)";
  }

  @Override
  public List<String> splits() {
    return List.copyOf(files.keySet());
  }

  @Override
  public long numRows(String split) {
    long total = 0;
    for (Path file : filesOf(split)) {
      try (ArrowIpcFile arrow = ArrowIpcFile.open(file)) {
        total += arrow.totalRows();
      }
    }
    return total;
  }

  private List<Path> filesOf(String split) {
    List<Path> list = files.get(split);
    if (list == null) {
      throw new DataException(directory, "unknown split \"" + split + "\"; available splits: " + splits());
    }
    return list;
  }

  @Override
  public void forEach(String splitExpression, Consumer<Utterance> sink) {
    SplitExpression expression = SplitExpression.parse(splitExpression);
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String split : expression.splitNames()) {
      rows.computeIfAbsent(split, this::numRows);
    }
    List<String> problems = new ArrayList<>();
    for (SplitExpression.RowRange range : expression.resolve(rows)) {
      long fileStart = 0;
      for (Path file : filesOf(range.split())) {
        if (fileStart >= range.to()) {
          break;
        }
        try (ArrowIpcFile arrow = ArrowIpcFile.open(file)) {
          ArrowRows reader = new ArrowRows(arrow, columns, range.split(), fileStart);
          long from = Math.max(range.from() - fileStart, 0);
          long to = Math.min(range.to() - fileStart, arrow.totalRows());
          if (from < to) {
            reader.read(from, to, sink, problems);
          }
          fileStart += arrow.totalRows();
        }
      }
    }
    BadRows.throwIfAny(directory.toString(), splitExpression, problems);
  }

  /** Reads utterances out of one Arrow file's record batches. */
  private static final class ArrowRows {
    private final ArrowIpcFile arrow;
    private final ColumnNames columns;
    private final String split;
    private final long firstSplitRow;

    ArrowRows(ArrowIpcFile arrow, ColumnNames columns, String split, long firstSplitRow) {
      this.arrow = arrow;
      this.columns = columns;
      this.split = split;
      this.firstSplitRow = firstSplitRow;
      checkColumns();
    }

    private void checkColumns() {
      List<String> names = arrow.fields().stream().map(ArrowField::name).toList();
      for (String column : List.of(columns.audio(), columns.text())) {
        if (!names.contains(column)) {
          String flag = column.equals(columns.audio()) ? "--audio_column_name" : "--text_column_name";
          throw new DataException(arrow.path(), flag + " '" + column + "' not found; the columns are " + names);
        }
      }
    }

    void read(long from, long to, Consumer<Utterance> sink, List<String> problems) {
      long batchStart = 0;
      for (int b = 0; b < arrow.batchCount() && batchStart < to; b++) {
        int n = arrow.rows(b);
        long lo = Math.max(from, batchStart);
        long hi = Math.min(to, batchStart + n);
        if (lo < hi) {
          ArrowBatch batch = arrow.batch(b);
          for (long row = lo; row < hi; row++) {
            Utterance u = utterance(batch, (int) (row - batchStart), row, problems);
            if (u != null) {
              sink.accept(u);
            }
          }
        }
        batchStart += n;
      }
    }

    private Utterance utterance(ArrowBatch batch, int i, long fileRow, List<String> problems) {
      SourceLocation where = SourceLocation.row(arrow.path().toString(), fileRow);
      String text = textOf(batch.column(columns.text()), i);
      if (text == null) {
        problems.add(where + ": " + columns.text() + " is null");
        return null;
      }
      ArrowVector audioColumn = batch.column(columns.audio());
      ArrowVector bytesVector = audioColumn;
      ArrowVector pathVector = audioColumn;
      if (audioColumn.field().type().kind() == ArrowType.Kind.STRUCT) {
        if (audioColumn.isNull(i)) {
          problems.add(where + ": " + columns.audio() + " is null");
          return null;
        }
        bytesVector = audioColumn.child("bytes");
        pathVector = audioColumn.child("path");
      }
      ByteBuffer bytes = isBinary(bytesVector) ? bytesVector.bytes(i) : null;
      String audioPath = isString(pathVector) ? pathVector.string(i) : null;
      AudioRef audio;
      if (bytes != null) {
        ByteBuffer view = bytes;
        audio = AudioRef.stored(view::duplicate, where + (audioPath == null ? "" : " (" + audioPath + ")"));
      } else if (audioPath != null) {
        Path resolved = arrow.path().toAbsolutePath().getParent().resolve(audioPath).normalize();
        if (!Files.isRegularFile(resolved)) {
          problems.add(where + ": " + columns.audio() + " has no bytes and its path " + resolved + " is not a file");
          return null;
        }
        audio = AudioRef.file(resolved);
      } else {
        problems.add(where + ": " + columns.audio() + " (" + audioColumn.field().type() + ") has neither bytes nor a path");
        return null;
      }
      String id = textOf(batch.column("id"), i);
      if (id == null) {
        id = textOf(batch.column("file"), i);
      }
      double duration = Double.NaN;
      ArrowVector d = batch.column("duration");
      if (d != null && (d.field().type().kind() == ArrowType.Kind.FLOAT || d.field().type().kind() == ArrowType.Kind.INT)) {
        duration = d.number(i);
        if (duration < 0) {
          problems.add(where + ": duration " + duration + " is negative");
          return null;
        }
      }
      return new Utterance(id != null ? id : split + "-" + (firstSplitRow + fileRow), audio, text, duration, where);
    }

    private static String textOf(ArrowVector v, int i) {
      if (v == null || !isString(v)) {
        return null;
      }
      return v.string(i);
    }

    private static boolean isString(ArrowVector v) {
      return v != null && (v.field().type().kind() == ArrowType.Kind.UTF8 || v.field().type().kind() == ArrowType.Kind.LARGE_UTF8);
    }

    private static boolean isBinary(ArrowVector v) {
      return v != null && (v.field().type().kind() == ArrowType.Kind.BINARY || v.field().type().kind() == ArrowType.Kind.LARGE_BINARY);
    }
  }
}

package org.rnnt4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rnnt4j.util.DataException;

/**
 * One Parquet file of a Hugging Face dataset, read with DuckDB ({@code read_parquet}) one row at a time
 * from a JDBC result set. Understands the {@code Audio} feature as HF stores it, a struct {@code {bytes,
 * path}} (bytes win; a path alone is a file relative to the Parquet file's folder), and also a plain BLOB
 * or string column. Works for any Parquet writer DuckDB reads (DuckDB, arrow-rs with zstd and data page
 * v2, pyarrow).
 */
final class ParquetShard {
  /** Compressed bytes of audio read per query (see {@link #read}). */
  private static final long WINDOW_BYTES = 32L << 20;
  private static final long MAX_WINDOW_ROWS = 2048;
  /** The largest row group DuckDB's default pool here (512 MB) reads comfortably. */
  private static final long ROW_GROUP_BYTES_IN_POOL = 160L << 20;
  private final Path file;
  private final Map<String, String> columnTypes;

  private ParquetShard(Path file, Map<String, String> columnTypes) {
    this.file = file;
    this.columnTypes = columnTypes;
  }

  static ParquetShard open(Connection connection, Path file) {
    Map<String, String> types = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal(file) + ")")) {
      while (rs.next()) {
        types.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    } catch (SQLException e) {
      throw new DataException(file, "cannot read Parquet schema: " + e.getMessage(), e);
    }
    return new ParquetShard(file, types);
  }

  Path file() {
    return file;
  }

  long numRows(Connection connection) {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT num_rows FROM parquet_file_metadata(" + literal(file) + ")")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new DataException(file, "cannot read Parquet metadata: " + e.getMessage(), e);
    }
  }

  /**
   * Streams rows {@code [from, from + count)} of this file to {@code sink}; bad rows are added to {@code
   * problems} instead.
   *
   * @param split the split name, for ids of rows without an id column
   * @param firstSplitRow the split-wide row number of this file's row 0
   */
  void read(
      Connection connection,
      ColumnNames columns,
      long from,
      long count,
      String split,
      long firstSplitRow,
      AudioSpill spill,
      Consumer<Utterance> sink,
      List<String> problems) {
    checkColumns(columns);
    String select =
        "SELECT file_row_number, "
            + idExpression()
            + " AS id, CAST("
            + identifier(columns.text())
            + " AS VARCHAR) AS text, "
            + audioBytesExpression(columns.audio())
            + " AS audio_bytes, "
            + audioPathExpression(columns.audio())
            + " AS audio_path, "
            + durationExpression()
            + " AS duration FROM read_parquet("
            + literal(file)
            + ", file_row_number = true) WHERE file_row_number >= ";
    long expected = from;
    // DuckDB's JDBC driver turns a whole vector (up to 2,048 rows) into Java objects at once, which for
    // audio rows is hundreds of MB: read in windows of about WINDOW_BYTES, aligned with row groups so
    // that each window decodes only the row groups it needs.
    for (long[] window : windows(connection, from, from + count)) {
      expected = readWindow(connection, select + window[0] + " AND file_row_number < " + window[1], columns, expected, split, firstSplitRow, spill, sink, problems);
      if (expected != window[1]) {
        throw new DataException(file, "expected rows " + window[0] + " to " + (window[1] - 1) + ", read up to " + (expected - 1));
      }
    }
    if (expected != from + count) {
      throw new DataException(file, "expected rows " + from + " to " + (from + count - 1) + ", read up to " + (expected - 1));
    }
  }

  /** Row windows {@code [a, b)} covering {@code [from, to)}: whole small row groups, or slices of big ones. */
  private List<long[]> windows(Connection connection, long from, long to) {
    List<long[]> groups = new java.util.ArrayList<>(); // {first row, rows, compressed bytes}
    String sql = "SELECT row_group_id, max(row_group_num_rows), sum(total_compressed_size) FROM parquet_metadata("
        + literal(file) + ") GROUP BY row_group_id ORDER BY row_group_id";
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      long first = 0;
      while (rs.next()) {
        groups.add(new long[] {first, rs.getLong(2), rs.getLong(3)});
        first += rs.getLong(2);
      }
    } catch (SQLException e) {
      throw new DataException(file, "cannot read Parquet row groups: " + e.getMessage(), e);
    }
    long biggest = groups.stream().mapToLong(g -> g[2]).max().orElse(0);
    if (biggest > ROW_GROUP_BYTES_IN_POOL) {
      // DuckDB holds a whole column chunk of the row group being read: grow its pool for files written
      // with huge row groups (HF's datasets writes about 100 audio rows per group, tens of MB)
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET memory_limit = '" + (3 * biggest >> 20) + "MB'");
      } catch (SQLException e) {
        throw new DataException(file, "cannot raise DuckDB's memory limit: " + e.getMessage(), e);
      }
    }
    List<long[]> out = new java.util.ArrayList<>();
    long start = -1;
    long end = -1;
    long bytes = 0;
    for (long[] g : groups) {
      long lo = Math.max(from, g[0]);
      long hi = Math.min(to, g[0] + g[1]);
      if (lo >= hi) {
        continue;
      }
      long groupBytes = g[1] == 0 ? 0 : g[2] * (hi - lo) / g[1];
      if (start >= 0 && (bytes + groupBytes > WINDOW_BYTES || hi - start > MAX_WINDOW_ROWS)) {
        out.add(new long[] {start, end});
        start = -1;
      }
      if (start < 0) {
        start = lo;
        bytes = 0;
      }
      if (groupBytes > WINDOW_BYTES) {
        // one big row group (DuckDB writes at least 2,048 rows per group): slice it by rows
        long perWindow = Math.max(1, WINDOW_BYTES * g[1] / Math.max(1, g[2]));
        for (long a = lo; a < hi; a += perWindow) {
          out.add(new long[] {a, Math.min(hi, a + perWindow)});
        }
        start = -1;
        continue;
      }
      end = hi;
      bytes += groupBytes;
    }
    if (start >= 0) {
      out.add(new long[] {start, end});
    }
    return out;
  }

  private long readWindow(
      Connection connection,
      String sql,
      ColumnNames columns,
      long expected,
      String split,
      long firstSplitRow,
      AudioSpill spill,
      Consumer<Utterance> sink,
      List<String> problems) {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        long row = rs.getLong("file_row_number");
        if (row != expected) {
          throw new DataException(file.toString(), row, "rows came back out of file order (expected row " + expected + ")");
        }
        expected++;
        SourceLocation where = SourceLocation.row(file.toString(), row);
        String text = rs.getString("text");
        byte[] bytes = rs.getBytes("audio_bytes");
        String audioPath = rs.getString("audio_path");
        String id = rs.getString("id");
        double duration = rs.getDouble("duration");
        if (rs.wasNull()) {
          duration = Double.NaN;
        }
        if (text == null) {
          problems.add(where + ": " + columns.text() + " is null");
          continue;
        }
        AudioRef audio;
        if (bytes != null) {
          audio = spill.keep(bytes, where + (audioPath == null ? "" : " (" + audioPath + ")"));
        } else if (audioPath != null) {
          Path resolved = file.toAbsolutePath().getParent().resolve(audioPath).normalize();
          if (!Files.isRegularFile(resolved)) {
            problems.add(where + ": " + columns.audio() + " has no bytes and its path " + resolved + " is not a file");
            continue;
          }
          audio = AudioRef.file(resolved);
        } else {
          problems.add(where + ": " + columns.audio() + " has neither bytes nor a path");
          continue;
        }
        if (!Double.isNaN(duration) && duration < 0) {
          problems.add(where + ": duration " + duration + " is negative");
          continue;
        }
        sink.accept(new Utterance(id != null ? id : split + "-" + (firstSplitRow + row), audio, text, duration, where));
      }
    } catch (SQLException e) {
      throw new DataException(file, "cannot read Parquet rows: " + e.getMessage(), e);
    }
    return expected;
  }

  private void checkColumns(ColumnNames columns) {
    for (String column : List.of(columns.audio(), columns.text())) {
      if (!columnTypes.containsKey(column)) {
        String flag = column.equals(columns.audio()) ? "--audio_column_name" : "--text_column_name";
        throw new DataException(file, flag + " '" + column + "' not found; the columns are " + columnTypes.keySet());
      }
    }
    String audioType = columnTypes.get(columns.audio());
    boolean usable = audioType.startsWith("STRUCT(") ? audioType.contains("bytes BLOB") || audioType.contains("path VARCHAR") : audioType.equals("BLOB") || audioType.equals("VARCHAR");
    if (!usable) {
      throw new DataException(file, "audio column '" + columns.audio() + "' has type " + audioType + "; expected STRUCT(bytes BLOB, path VARCHAR), BLOB or VARCHAR");
    }
  }

  private String idExpression() {
    if (columnTypes.containsKey("id")) {
      return "CAST(\"id\" AS VARCHAR)";
    }
    if (columnTypes.containsKey("file")) {
      return "CAST(\"file\" AS VARCHAR)";
    }
    return "CAST(NULL AS VARCHAR)";
  }

  private String durationExpression() {
    String type = columnTypes.get("duration");
    boolean numeric = type != null && (type.equals("DOUBLE") || type.equals("FLOAT") || type.endsWith("INT") || type.equals("BIGINT") || type.startsWith("DECIMAL"));
    return numeric ? "CAST(\"duration\" AS DOUBLE)" : "CAST(NULL AS DOUBLE)";
  }

  private String audioBytesExpression(String column) {
    String type = columnTypes.get(column);
    if (type.startsWith("STRUCT(")) {
      return type.contains("bytes BLOB") ? "struct_extract(" + identifier(column) + ", 'bytes')" : "CAST(NULL AS BLOB)";
    }
    return type.equals("BLOB") ? identifier(column) : "CAST(NULL AS BLOB)";
  }

  private String audioPathExpression(String column) {
    String type = columnTypes.get(column);
    if (type.startsWith("STRUCT(")) {
      return type.contains("path VARCHAR") ? "struct_extract(" + identifier(column) + ", 'path')" : "CAST(NULL AS VARCHAR)";
    }
    return type.equals("VARCHAR") ? identifier(column) : "CAST(NULL AS VARCHAR)";
  }

  private static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(Path path) {
    return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
  }
}

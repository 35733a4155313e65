package org.rnnt4j.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * A Hugging Face dataset repository on disk, read as {@link Utterance}s: what the recipe's {@code
 * load_dataset(--dataset_name, --dataset_config_name, split=...)} gives, for local Parquet repositories.
 * Splits come from {@link HubDatasetLayout}, split expressions ({@code train.clean.100+train.clean.360},
 * {@code validation[:10%]}) from {@link SplitExpression}; rows are streamed from DuckDB one at a time
 * (streamed result sets), and their encoded audio is kept by an {@link AudioSpill}, so a split larger than
 * memory is read once through its row groups and later visited in any order.
 * Rows with a null transcript or no audio are collected and reported together in one {@link
 * DataException}.
 */
public final class HubDataset implements DatasetSource {
  private final HubDatasetLayout layout;
  private final ColumnNames columns;
  private final AudioSpill spill;

  private HubDataset(HubDatasetLayout layout, ColumnNames columns, AudioSpill spill) {
    this.layout = layout;
    this.columns = columns;
    this.spill = spill;
  }

  /**
   * @param directory {@code --dataset_name}, a local folder
   * @param configName {@code --dataset_config_name}, or null
   */
  public static HubDataset open(Path directory, String configName, ColumnNames columns) {
    return open(directory, configName, columns, AudioSpill.withDefaults());
  }

  /** @param spill where the encoded audio of rows goes once read (heap, then a temporary file) */
  public static HubDataset open(Path directory, String configName, ColumnNames columns, AudioSpill spill) {
    return new HubDataset(HubDatasetLayout.open(directory, configName), Checks.notNull(columns, "columns"), Checks.notNull(spill, "spill"));
  }

  public HubDatasetLayout layout() {
    return layout;
  }

  @Override
  public String description() {
    return layout.directory().toString();
  }

  @Override
  public List<String> splits() {
    return layout.splits();
  }

  /** Rows in a split (from the Parquet footers, without reading data). */
  @Override
  public long numRows(String split) {
    try (Connection connection = connect()) {
      long total = 0;
      for (Path file : layout.files(split)) {
        total += ParquetShard.open(connection, file).numRows(connection);
      }
      return total;
    } catch (SQLException e) {
      throw new DataException(layout.directory(), "cannot count rows of split " + split + ": " + e.getMessage(), e);
    }
  }

  /**
   * Streams the utterances of a split expression, in order.
   *
   * @throws IllegalArgumentException for a malformed expression
   * @throws DataException for an unknown split (listing the available ones) or bad rows (all of them)
   */
  @Override
  public void forEach(String splitExpression, Consumer<Utterance> sink) {
    SplitExpression expression = SplitExpression.parse(splitExpression);
    for (String split : expression.splitNames()) {
      layout.files(split); // fails early for an unknown split
    }
    List<String> problems = new ArrayList<>();
    try (Connection connection = connect()) {
      Map<String, List<ParquetShard>> shards = new LinkedHashMap<>();
      Map<String, List<Long>> sizes = new LinkedHashMap<>();
      Map<String, Long> rows = new LinkedHashMap<>();
      for (String split : expression.splitNames()) {
        if (shards.containsKey(split)) {
          continue;
        }
        List<ParquetShard> list = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long total = 0;
        for (Path file : layout.files(split)) {
          ParquetShard shard = ParquetShard.open(connection, file);
          list.add(shard);
          counts.add(shard.numRows(connection));
          total += counts.get(counts.size() - 1);
        }
        shards.put(split, list);
        sizes.put(split, counts);
        rows.put(split, total);
      }
      for (SplitExpression.RowRange range : expression.resolve(rows)) {
        readRange(connection, range, shards.get(range.split()), sizes.get(range.split()), sink, problems);
      }
    } catch (SQLException e) {
      throw new DataException(layout.directory(), "DuckDB failed: " + e.getMessage(), e);
    }
    BadRows.throwIfAny(layout.directory().toString(), splitExpression, problems);
  }

  private void readRange(
      Connection connection,
      SplitExpression.RowRange range,
      List<ParquetShard> shards,
      List<Long> sizes,
      Consumer<Utterance> sink,
      List<String> problems) {
    long fileStart = 0;
    for (int i = 0; i < shards.size() && fileStart < range.to(); i++) {
      long fileEnd = fileStart + sizes.get(i);
      long from = Math.max(range.from(), fileStart);
      long to = Math.min(range.to(), fileEnd);
      if (from < to) {
        shards.get(i).read(connection, columns, from - fileStart, to - from, range.split(), fileStart, spill, sink, problems);
      }
      fileStart = fileEnd;
    }
  }

  private static Connection connect() throws SQLException {
    java.util.Properties properties = new java.util.Properties();
    // stream result chunks instead of materialising a whole shard's audio in native memory
    properties.setProperty("jdbc_stream_results", "true");
    Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
    try (java.sql.Statement statement = connection.createStatement()) {
      // DuckDB sizes its buffer pool by the machine (80% of RAM) and scans with every core; one reader
      // thread and a small pool keep a multi-GB split's scan within a few hundred MB, and decoding is done
      // by our own workers anyway
      statement.execute("SET memory_limit = '" + DUCKDB_MEMORY_LIMIT + "'");
      statement.execute("SET threads = 1");
    }
    return connection;
  }

  /** DuckDB's buffer pool while reading Parquet (it must hold one row group's audio column chunk). */
  private static final String DUCKDB_MEMORY_LIMIT = "512MB";
}

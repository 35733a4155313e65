package org.rnnt4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Writes small Parquet files for tests with DuckDB. */
final class DuckDbFiles {
  private DuckDbFiles() {}

  static final Path DUMMY = Path.of("datasets/synth_en_dummy");

  /** Writes {@code select} (which may read {@code $TRAIN}/{@code $VALIDATION}, the dummy's shards) to {@code out}. */
  static void write(Path out, String select) throws Exception {
    Files.createDirectories(out.toAbsolutePath().getParent());
    String sql =
        select
            .replace("$TRAIN", "read_parquet('" + DUMMY.resolve("data/train-00000-of-00001.parquet").toAbsolutePath() + "')")
            .replace("$VALIDATION", "read_parquet('" + DUMMY.resolve("data/validation-00000-of-00001.parquet").toAbsolutePath() + "')");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("COPY (" + sql + ") TO '" + out.toAbsolutePath() + "' (FORMAT parquet)");
    }
  }
}

package org.rnnt4j.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Regenerates {@code datasets/synth_en_dummy/data/*.parquet} from the full synth_en dataset by running
 * {@code datasets/synth_en_dummy/make_dummy.sql} with DuckDB JDBC. Not a test: run it by hand,
 * {@code java -cp target/test-classes:target/classes:<duckdb jar> org.rnnt4j.data.MakeSynthEnDummy
 * ../shared/data/synth_en datasets/synth_en_dummy} (the shared reference data beside the checkout).
 */
public final class MakeSynthEnDummy {
  private MakeSynthEnDummy() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: MakeSynthEnDummy SYNTH_EN_DIR OUT_DIR, got " + args.length + " arguments");
    }
    Path synthEn = Path.of(args[0]).toAbsolutePath();
    Path out = Path.of(args[1]).toAbsolutePath();
    String sql =
        Files.readString(out.resolve("make_dummy.sql"), StandardCharsets.UTF_8)
            .replace("${SYNTH_EN}", synthEn.toString().replace("'", "''"))
            .replace("${OUT}", out.toString().replace("'", "''"));
    Files.createDirectories(out.resolve("data"));
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      for (String command : sql.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!command.isBlank()) {
          statement.execute(command);
        }
      }
    }
  }
}

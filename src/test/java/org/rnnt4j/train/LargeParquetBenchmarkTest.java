package org.rnnt4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnt4j.util.Json;

/**
 * Iterating a 5 GB Parquet dataset keeps the process under 1 GiB resident: generates (once) 16 shards of
 * 1,024 rows, each row a 10 s 16 kHz WAV of white noise (incompressible, 320 KB) in HF's {@code Audio}
 * struct, in row groups of about 100 rows as {@code datasets} writes audio, under /tmp; then runs {@link LargeParquetProbe} in a child JVM with a 384 MiB heap and reads its
 * peak resident set (VmHWM: heap, native, DuckDB, code). Figures go to {@code benchmarks/data.json}.
 * {@code mvn -Pbenchmark test -Dtest=LargeParquetBenchmarkTest} (about 10 minutes on 2 cores, 10 GB of /tmp).
 */
@Tag("benchmark")
class LargeParquetBenchmarkTest {
  private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "rnnt4j-bench-parquet-5gb");
  private static final int SHARDS = 16;
  private static final int ROWS_PER_SHARD = 1024;
  private static final int SAMPLES = 160_000;

  @Test
  void fiveGigabytesIterateUnderOneGibibyte() throws Exception {
    long bytes = generate();
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
            "-cp", System.getProperty("java.class.path"), LargeParquetProbe.class.getName(), DIR.toString())
        .redirectErrorStream(true)
        .start();
    String probe = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("PROBE ")) {
          probe = line.substring(6);
        } else if (line.contains("WARNING") || line.contains("Exception")) {
          System.out.println(line);
        }
      }
    }
    assertEquals(0, child.waitFor(), "the probe failed");
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("machine", BenchmarkFigures.machine());
    figures.put("parquet_bytes", bytes);
    figures.put("child_jvm", "-Xmx384m, 2 preprocessing workers, 2 loader workers, batch 16, waveforms not cached");
    @SuppressWarnings("unchecked")
    Map<String, Object> measured = Json.mapper().readValue(probe, Map.class);
    figures.putAll(measured);
    System.out.println(figures);
    BenchmarkFigures.put("parquet_5gb_iteration", figures);
    assertEquals(SHARDS * ROWS_PER_SHARD, ((Number) measured.get("rows")).intValue());
    assertTrue(((Number) measured.get("peak_rss_mib")).longValue() < 1024, "peak resident memory " + measured.get("peak_rss_mib") + " MiB");
  }

  /** Writes the shards unless a complete set is there; returns their total size. */
  private static long generate() throws Exception {
    Path data = DIR.resolve("data");
    Path done = DIR.resolve("COMPLETE");
    if (!Files.exists(done)) {
      Files.createDirectories(data);
      SplittableRandom random = new SplittableRandom(20240607);
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
        s.execute("SET memory_limit='1GB'");
        for (int shard = 0; shard < SHARDS; shard++) {
          s.execute("CREATE OR REPLACE TABLE t(id VARCHAR, b BLOB, text VARCHAR)");
          try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
            for (int r = 0; r < ROWS_PER_SHARD; r++) {
              String id = "train-" + shard + "-" + r;
              insert.setString(1, id);
              insert.setBytes(2, noiseWav(random));
              insert.setString(3, "utterance " + id + " of the large benchmark");
              insert.addBatch();
            }
            insert.executeBatch();
          }
          String file = data.resolve(String.format("train-%05d-of-%05d.parquet", shard, SHARDS)).toString();
          s.execute("COPY (SELECT id, {'bytes': b, 'path': id || '.wav'} AS audio, text FROM t) TO '" + file
              + "' (FORMAT PARQUET, ROW_GROUP_SIZE 100, ROW_GROUP_SIZE_BYTES '32MB')"); // about 100 rows, as datasets writes audio
        }
      }
      Files.writeString(done, "ok");
    }
    try (var files = Files.list(data)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static byte[] noiseWav(SplittableRandom random) {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * SAMPLES).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + 2 * SAMPLES).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(2 * SAMPLES);
    for (int i = 0; i < SAMPLES; i++) {
      b.putShort((short) (random.nextInt(16384) - 8192));
    }
    return b.array();
  }
}

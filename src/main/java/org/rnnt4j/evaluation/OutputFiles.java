package org.rnnt4j.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Json;

/**
 * The result files of a run, laid out like Hugging Face's Trainer: {@code {split}_results.json} and the
 * merged {@code all_results.json} ({@code save_metrics(combined=True)}), and
 * {@code {split}_predictions.jsonl}.
 */
public final class OutputFiles {
  private final Path dir;

  public OutputFiles(Path dir) {
    this.dir = dir;
  }

  /** Writes {@code {split}_results.json} and merges the metrics into {@code all_results.json}. */
  public void saveMetrics(String split, Map<String, Object> metrics) {
    Json.write(dir.resolve(split + "_results.json"), metrics);
    Path all = dir.resolve("all_results.json");
    Map<String, Object> merged = new LinkedHashMap<>();
    if (Files.exists(all)) {
      Json.read(all).fields().forEachRemaining(e -> merged.put(e.getKey(), Json.mapper().convertValue(e.getValue(), Object.class)));
    }
    merged.putAll(metrics);
    Json.write(all, new java.util.TreeMap<>(merged));
  }

  public void savePredictions(String split, List<Prediction> predictions) {
    writePredictions(dir.resolve(split + "_predictions.jsonl"), predictions);
  }

  /** One JSON object per line, in the given order. */
  static void writePredictions(Path file, List<Prediction> predictions) {
    AtomicFiles.write(
        file,
        out -> {
          for (Prediction p : predictions) {
            out.write((Json.compact(p.toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
          }
        });
  }

  /** Prepares the output directory: refuses a non-empty one unless {@code overwrite}, as HF does. */
  public static void prepare(Path dir, boolean overwrite, boolean training) {
    try {
      if (Files.isDirectory(dir) && training && !overwrite) {
        try (var entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new IllegalArgumentException(
                "output directory " + dir + " already exists and is not empty; use --overwrite_output_dir to overwrite it");
          }
        }
      }
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new IllegalArgumentException("--output_dir " + dir + " is a file, not a directory");
      }
      Files.createDirectories(dir);
      if (overwrite && training) {
        Files.deleteIfExists(dir.resolve("all_results.json"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
  }
}

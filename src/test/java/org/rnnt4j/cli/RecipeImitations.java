package org.rnnt4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnnt4j.testing.Goldens;

/**
 * A Hugging Face cache holding imitations of the recipe scripts' datasets and model, for tests: each
 * dataset's real id, config, split names and column names, a few rows of the bundled dummy's synthetic
 * speech in each split; and {@code nvidia/stt_en_conformer_transducer_xlarge} as a tiny .nemo. The
 * layouts are the Hub's: LibriSpeech's card-declared configs ({@code all/train.clean.100/*.parquet}),
 * and the Parquet conversion's {@code {config}/{split}/0000.parquet} for the others.
 */
final class RecipeImitations {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String MODEL = "stt_en_conformer_transducer_xlarge";
  private static final Path DUMMY = Path.of("datasets/synth_en_dummy/data");

  private RecipeImitations() {}

  /** Rows per split: {@code split -> number of rows} (taken in order from the dummy's 48 + 16). */
  record Dataset(String id, String layoutRoot, Map<String, Integer> splits, String columns) {}

  static final List<Dataset> DATASETS = List.of(
      new Dataset("librispeech_asr", "all",
          ordered("train.clean.100", 16, "train.clean.360", 16, "train.other.500", 16, "validation.clean", 4, "validation.other", 2,
              "test.clean", 3, "test.other", 3),
          "file, audio, text, speaker_id, chapter_id, id"),
      new Dataset("mozilla-foundation/common_voice_9_0", "en", ordered("train", 12, "validation", 4, "test", 3),
          "'client' || id AS client_id, file AS path, audio, '\"' || text || '\"' AS sentence, 2::BIGINT AS up_votes,"
              + " 0::BIGINT AS down_votes, '' AS age, '' AS gender, '' AS accent, 'en' AS locale, '' AS segment"),
      new Dataset("LIUM/tedlium", "release3", ordered("train", 12, "validation", 4, "test", 3),
          "audio, text || ' it ''s <unk>' AS text, speaker_id::VARCHAR AS speaker_id, 'female' AS gender, file, id"),
      new Dataset("ldc/switchboard", "switchboard", ordered("train", 12, "validation", 4, "test.switchboard", 3, "test.callhome", 3),
          "audio, text || ' [laughter]' AS text, id"));

  private static Map<String, Integer> ordered(Object... kv) {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Integer) kv[i + 1]);
    }
    return m;
  }

  /** Writes every dataset and the model into {@code cache} (a HF_HUB_CACHE folder). */
  static void write(Path cache, Path modelArchive) throws Exception {
    for (Dataset d : DATASETS) {
      Path snapshot = snapshot(cache, "datasets--" + d.id().replace("/", "--"));
      int offset = 0;
      List<String> card = new ArrayList<>();
      for (Map.Entry<String, Integer> split : d.splits().entrySet()) {
        String source = split.getKey().startsWith("train") ? "train" : "validation";
        int from = source.equals("train") ? offset % 48 : 0;
        Path out = snapshot.resolve(d.layoutRoot()).resolve(split.getKey()).resolve("0000.parquet");
        copy(out, "SELECT " + d.columns() + " FROM read_parquet('" + DUMMY.resolve(source + "-00000-of-00001.parquet").toAbsolutePath()
            + "') LIMIT " + split.getValue() + " OFFSET " + from);
        if (source.equals("train")) {
          offset += split.getValue();
        }
        card.add("  - split: " + split.getKey() + "\n    path: " + d.layoutRoot() + "/" + split.getKey() + "/*.parquet");
      }
      if (d.id().equals("librispeech_asr")) {
        // LibriSpeech's card declares its configs (clean, other, all); the imitation has "all"
        Files.writeString(snapshot.resolve("README.md"),
            "---\nconfigs:\n- config_name: all\n  data_files:\n" + String.join("\n", card) + "\n---\n# imitation of librispeech_asr\n");
      }
    }
    Path model = snapshot(cache, "models--nvidia--" + MODEL);
    Files.copy(modelArchive, model.resolve(MODEL + ".nemo"));
  }

  private static Path snapshot(Path cache, String folder) throws IOException {
    Path repo = cache.resolve(folder);
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), COMMIT);
    return Files.createDirectories(repo.resolve("snapshots").resolve(COMMIT));
  }

  private static void copy(Path out, String select) throws Exception {
    Files.createDirectories(out.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("COPY (" + select + ") TO '" + out.toAbsolutePath() + "' (FORMAT parquet)");
    }
  }

  /**
   * The flags of one of scripts/run_*.sh as bash passes them: the lines after {@code rnnt4j" train \} up
   * to {@code "$@"}, quotes removed.
   */
  static List<String> scriptArgs(String script) throws IOException {
    List<String> args = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(Path.of("scripts", script))) {
      String t = line.strip();
      if (t.contains("rnnt4j\" train \\")) {
        inside = true;
        continue;
      }
      if (!inside) {
        continue;
      }
      if (t.equals("\"$@\"")) {
        return args;
      }
      t = t.endsWith("\\") ? t.substring(0, t.length() - 1).strip() : t;
      args.add(t.replaceAll("=\"(.*)\"$", "=$1"));
    }
    throw new IllegalStateException("scripts/" + script + " has no rnnt4j train ... \"$@\" command");
  }

  /** The tiny Conformer standing in for the XL model. */
  static Path tinyConformer() {
    return Goldens.resource("nemo/conformer_tiny.nemo");
  }
}

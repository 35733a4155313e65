package org.rnnt4j.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * Where a model lives on disk and in which form: a {@code .nemo} archive or an rnnt4j model directory (a
 * training {@code output_dir} or one of its {@code checkpoint-N/}). {@link SavedModel#read} reads it;
 * turning what a user typed into a location (a path, a Hub id, a NeMo pretrained name) is the job of
 * {@code loading.ModelResolver}.
 *
 * @param spec what the user gave
 * @param format how to read {@code path}
 * @param path the archive file or the directory
 */
public record ModelLocation(String spec, Format format, Path path) {
  /** The two on-disk forms of a model. */
  public enum Format {
    /** NeMo's archive: a tar of model_config.yaml, model_weights.ckpt and tokenizer artifacts. */
    NEMO,
    /** {@link ModelDirectory}: the same files unpacked, the tokenizer in its own directory. */
    DIRECTORY
  }

  public ModelLocation {
    Checks.notNull(spec, "spec");
    Checks.notNull(format, "format");
    Checks.notNull(path, "path");
  }

  /**
   * The model at a local path: a {@code .nemo} file; a directory holding {@code model_config.yaml}
   * (rnnt4j's layout) or exactly one {@code .nemo}.
   *
   * @param what appended to the folder's name in errors (e.g. which Hub snapshot it is)
   * @throws IllegalArgumentException saying what was looked for
   */
  public static ModelLocation at(String spec, Path path, String what) {
    if (Files.isRegularFile(path)) {
      return new ModelLocation(spec, Format.NEMO, path);
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          "model '" + spec + "' does not exist (expected a .nemo file, an rnnt4j model directory or a Hub id ORG/NAME)");
    }
    if (Files.isRegularFile(path.resolve(ModelDirectory.CONFIG))) {
      return new ModelLocation(spec, Format.DIRECTORY, path);
    }
    List<Path> archives = nemoFiles(path);
    if (archives.size() == 1) {
      return new ModelLocation(spec, Format.NEMO, archives.get(0));
    }
    throw new IllegalArgumentException(
        archives.isEmpty()
            ? "directory " + path + what + " holds neither " + ModelDirectory.CONFIG + " nor a .nemo file"
            : "directory " + path + what + " holds several .nemo files "
                + archives.stream().map(p -> p.getFileName().toString()).toList() + "; name one of them");
  }

  /** The {@code .nemo} files at the top of a folder, sorted by name. */
  public static List<Path> nemoFiles(Path folder) {
    try (var entries = Files.list(folder)) {
      return entries
          .filter(p -> p.getFileName().toString().endsWith(".nemo") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }
}

package org.rnnt4j.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * Where a model named on the command line ({@code M}) lives: a {@code .nemo} archive or an rnnt4j model
 * directory (a training {@code output_dir} or one of its {@code checkpoint-N/}), found as a local path
 * or as a Hub model id in the local Hugging Face cache.
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

  /** {@link #locate(String, HubCache)} with the cache the environment names. */
  public static ModelLocation locate(String spec) {
    return locate(spec, HubCache.fromEnvironment());
  }

  /**
   * Resolves {@code spec}: an existing {@code .nemo} file; a directory holding {@code
   * model_config.yaml} (rnnt4j's layout) or exactly one {@code .nemo}; otherwise a Hub id {@code
   * ORG/NAME[@revision]} whose cached snapshot holds one of those.
   *
   * @throws IllegalArgumentException saying what was looked for and where
   */
  public static ModelLocation locate(String spec, HubCache cache) {
    Checks.argument(spec != null && !spec.isBlank(), "no model given");
    Path path = Path.of(spec);
    if (Files.exists(path)) {
      return inPath(spec, path, "");
    }
    if (HubCache.looksLikeModelId(spec)) {
      Path snapshot =
          cache
              .snapshot(spec)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "model '" + spec + "' is neither a local path nor in the Hugging Face cache "
                              + cache.root() + " (set HF_HUB_CACHE or HF_HOME; rnnt4j does not download,"
                              + " fetch it with: huggingface-cli download " + spec.replaceFirst("@.*", "") + ")"));
      return inPath(spec, snapshot, " (Hub snapshot of " + spec + ")");
    }
    throw new IllegalArgumentException(
        "model '" + spec + "' does not exist (expected a .nemo file, an rnnt4j model directory or a Hub id ORG/NAME)");
  }

  private static ModelLocation inPath(String spec, Path path, String what) {
    if (Files.isRegularFile(path)) {
      return new ModelLocation(spec, Format.NEMO, path);
    }
    if (Files.isRegularFile(path.resolve(ModelDirectory.CONFIG))) {
      return new ModelLocation(spec, Format.DIRECTORY, path);
    }
    List<Path> archives = HubCache.nemoFiles(path);
    if (archives.size() == 1) {
      return new ModelLocation(spec, Format.NEMO, archives.get(0));
    }
    throw new IllegalArgumentException(
        archives.isEmpty()
            ? "directory " + path + what + " holds neither " + ModelDirectory.CONFIG + " nor a .nemo file"
            : "directory " + path + what + " holds several .nemo files " + archives.stream().map(p -> p.getFileName().toString()).toList()
                + "; name one of them");
  }
}

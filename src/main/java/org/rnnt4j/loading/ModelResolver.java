package org.rnnt4j.loading;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rnnt4j.checkpoint.ModelLocation;
import org.rnnt4j.hub.HubCache;
import org.rnnt4j.hub.HubRepoId;
import org.rnnt4j.util.Checks;

/**
 * Turns a model named on the command line ({@code M}) into a {@link ModelLocation}: a local {@code .nemo}
 * file or model directory, or a Hub model id {@code ORG/NAME[@revision]} whose snapshot is in the local
 * Hugging Face cache. Nothing is downloaded here.
 */
public final class ModelResolver {
  private final HubCache cache;

  public ModelResolver(HubCache cache) {
    this.cache = Checks.notNull(cache, "cache");
  }

  /** A resolver over the cache the environment names. */
  public static ModelResolver fromEnvironment() {
    return new ModelResolver(HubCache.fromEnvironment());
  }

  /**
   * Resolves {@code spec}: an existing {@code .nemo} file; a directory holding {@code
   * model_config.yaml} (rnnt4j's layout) or exactly one {@code .nemo}; otherwise a Hub id {@code
   * ORG/NAME[@revision]} whose cached snapshot holds one of those.
   *
   * @throws IllegalArgumentException saying what was looked for and where
   */
  public ModelLocation locate(String spec) {
    Checks.argument(spec != null && !spec.isBlank(), "no model given");
    Path path = Path.of(spec);
    if (Files.exists(path)) {
      return ModelLocation.at(spec, path, "");
    }
    int at = spec.indexOf('@');
    String id = at >= 0 ? spec.substring(0, at) : spec;
    String revision = at >= 0 ? spec.substring(at + 1) : "main";
    if (id.contains("/") && HubRepoId.looksLikeRepoId(id)) {
      Path snapshot =
          cache
              .snapshot(HubRepoId.model(id), revision)
              .map(HubCache.Snapshot::directory)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "model '" + spec + "' is neither a local path nor in the Hugging Face cache "
                              + cache.root() + " (set HF_HUB_CACHE or HF_HOME; rnnt4j does not download,"
                              + " fetch it with: huggingface-cli download " + id + ")"));
      return ModelLocation.at(spec, snapshot, " (Hub snapshot of " + spec + ")");
    }
    throw new IllegalArgumentException(
        "model '" + spec + "' does not exist (expected a .nemo file, an rnnt4j model directory or a Hub id ORG/NAME)");
  }
}

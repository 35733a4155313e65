package org.rnnt4j.loading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.rnnt4j.checkpoint.ModelLocation;
import org.rnnt4j.hub.HubCache;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubHttpException;
import org.rnnt4j.hub.HubRepoId;
import org.rnnt4j.util.Checks;

/**
 * Turns a model named on the command line ({@code M}) into a {@link ModelLocation}: a local {@code .nemo}
 * file or model directory; a Hub model id {@code ORG/NAME[@revision]}; or a NeMo pretrained name ({@code
 * stt_en_conformer_transducer_xlarge}, what {@code from_pretrained} takes), which NVIDIA publishes on the
 * Hub as {@code nvidia/NAME} holding {@code NAME.nemo}. Hub models are found in the local Hugging Face
 * cache, or downloaded into it when the resolver may ({@code --download}); a name found nowhere fails
 * listing every place tried.
 */
public final class ModelResolver {
  private static final Logger LOG = Logger.getLogger(ModelResolver.class.getName());
  /** The Hub organisation NeMo's pretrained names are published under. */
  static final String NVIDIA = "nvidia";

  private final HubCache cache;
  private final HubEnvironment env;
  private final boolean download;
  private final Consumer<String> progress;

  /** A resolver over {@code cache} that never downloads. */
  public ModelResolver(HubCache cache) {
    this.cache = Checks.notNull(cache, "cache");
    this.env = null;
    this.download = false;
    this.progress = LOG::info;
  }

  /** @param download fetch a Hub model that is not in {@code env}'s cache */
  public ModelResolver(HubEnvironment env, boolean download, Consumer<String> progress) {
    this.env = Checks.notNull(env, "env");
    this.cache = new HubCache(env.cacheDir());
    this.download = download;
    this.progress = Checks.notNull(progress, "progress");
  }

  /** A resolver over the cache the environment names, never downloading. */
  public static ModelResolver fromEnvironment() {
    return of(ModelFetch.CACHED_ONLY);
  }

  /** A resolver as {@code --cache_dir} and {@code --download} ask. */
  public static ModelResolver of(ModelFetch fetch) {
    return new ModelResolver(fetch.environment(), fetch.download(), LOG::info);
  }

  /**
   * The Hub repositories a name may denote: itself for {@code ORG/NAME}, {@code nvidia/NAME} for a bare
   * NeMo pretrained name; empty when it cannot be a repository id.
   */
  public static List<String> hubIds(String id) {
    if (!HubRepoId.looksLikeRepoId(id)) {
      return List.of();
    }
    return id.contains("/") ? List.of(id) : List.of(NVIDIA + "/" + id);
  }

  /**
   * Resolves {@code spec}: an existing {@code .nemo} file; a directory holding {@code
   * model_config.yaml} (rnnt4j's layout) or exactly one {@code .nemo}; otherwise a Hub model id or NeMo
   * pretrained name whose snapshot is cached (or downloaded, when allowed).
   *
   * @throws IllegalArgumentException listing what was looked for and where
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
    List<String> ids = hubIds(id);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException(
          "model '" + spec + "' does not exist (expected a .nemo file, an rnnt4j model directory, a Hub id ORG/NAME"
              + " or a NeMo pretrained name)");
    }
    List<String> tried = new ArrayList<>();
    tried.add("local path " + path.toAbsolutePath() + ": does not exist");
    for (String candidate : ids) {
      HubRepoId repo = HubRepoId.model(candidate);
      Optional<HubCache.Snapshot> snapshot = cache.snapshot(repo, revision);
      if (snapshot.isEmpty()) {
        tried.add("Hugging Face cache: " + cache.repoFolder(repo) + " has no snapshot for " + revision);
        continue;
      }
      try {
        return inSnapshot(spec, repo, snapshot.get().directory());
      } catch (IllegalArgumentException e) {
        // e.g. the snapshot of a download that stopped before the archive: downloading again completes it
        tried.add("Hugging Face cache: " + e.getMessage());
      }
    }
    if (download && !env.offline()) {
      for (String candidate : ids) {
        HubRepoId repo = HubRepoId.model(candidate);
        try {
          Path dir = new ModelDownload(env, progress).download(repo, revision).snapshot().directory();
          return inSnapshot(spec, repo, dir);
        } catch (HubHttpException e) {
          if (!e.notFound() && e.status() != 401) { // the Hub answers 401 for an unknown repository without a token
            throw e;
          }
          tried.add("Hub " + env.endpoint() + ": " + e.getMessage());
        }
      }
    }
    String bare = id.contains("/") ? "" : " (a NeMo pretrained name: NVIDIA publishes them on the Hub as " + NVIDIA + "/NAME)";
    throw new IllegalArgumentException(
        "model '" + spec + "' not found" + bare + "; tried:\n  " + String.join("\n  ", tried) + "\n"
            + (download
                ? (env.offline() ? "HF_HUB_OFFLINE is set, so nothing was downloaded" : "it is not on the Hub under these names")
                : "nothing is downloaded unless asked: fetch it with `rnnt4j download --repo_type model " + ids.get(0)
                    + (revision.equals("main") ? "" : " --revision " + revision) + "` (or `huggingface-cli download " + ids.get(0)
                    + "`), or add --download to this command; the cache is HF_HUB_CACHE, else HF_HOME/hub, or --cache_dir"));
  }

  /** The model in a snapshot: {@code NAME.nemo} when the repository is NVIDIA's layout, else what is there. */
  private static ModelLocation inSnapshot(String spec, HubRepoId repo, Path directory) {
    Path archive = directory.resolve(ModelDownload.archiveName(repo));
    if (Files.isRegularFile(archive)) {
      return new ModelLocation(spec, ModelLocation.Format.NEMO, archive);
    }
    return ModelLocation.at(spec, directory, " (Hub snapshot of " + repo + ")");
  }
}

package org.rnnt4j.data.hub;

import org.rnnt4j.hub.DownloadResult;
import org.rnnt4j.hub.HubCache;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import org.rnnt4j.data.ColumnNames;
import org.rnnt4j.data.DatasetSource;
import org.rnnt4j.data.HubDataset;
import org.rnnt4j.data.arrow.SaveToDiskDataset;
import org.rnnt4j.util.Checks;

/**
 * What {@code --dataset_name} names, looked up in this order: a local folder in Hub repository layout, a
 * local {@code datasets.save_to_disk} folder, then the Hugging Face cache ({@code ORG/NAME} at a revision,
 * {@code main} by default), which is where a Python user's {@code load_dataset}/{@code snapshot_download}
 * or {@code rnnt4j download} left it. Nothing is downloaded unless the caller asks ({@link
 * #downloadAndOpen}); otherwise an unknown name fails with the commands that would fetch it.
 */
public final class DatasetResolver {
  /** Where the dataset was found. */
  public enum Origin {
    LOCAL_REPOSITORY,
    SAVE_TO_DISK,
    HUB_CACHE
  }

  /**
   * @param datasetId the repository id for a cache hit, else the name as given: what per-dataset
   *     transcript rules are chosen by
   */
  public record Resolved(DatasetSource source, String datasetId, Origin origin) {}

  private final HubEnvironment env;
  private final String revision;

  public DatasetResolver(HubEnvironment env, String revision) {
    this.env = Checks.notNull(env, "env");
    this.revision = revision == null ? "main" : revision;
  }

  /**
   * @throws IllegalArgumentException when the name is neither a folder nor in the cache, saying how to
   *     download it
   */
  public Resolved open(String datasetName, String configName, ColumnNames columns) {
    Checks.argument(datasetName != null && !datasetName.isBlank(), "--dataset_name is empty");
    Optional<Resolved> found = find(datasetName, configName, columns);
    if (found.isPresent()) {
      return found.get();
    }
    Path cacheDir = env.cacheDir();
    if (!HubRepoId.looksLikeRepoId(datasetName)) {
      throw new IllegalArgumentException("--dataset_name " + datasetName + " is not a folder, and not a Hub dataset id (ORG/NAME)");
    }
    HubRepoId repo = HubRepoId.dataset(datasetName);
    throw new IllegalArgumentException(
        "--dataset_name " + datasetName + ": no such local folder, and no snapshot of the Hub dataset in the Hugging Face cache "
            + cacheDir + " (looked for " + new HubCache(cacheDir).repoFolder(repo).resolve("refs").resolve(revision)
            + "; the cache is HF_HUB_CACHE, else HF_HOME/hub). Download it first with `rnnt4j download " + datasetName
            + (configName == null ? "" : " --dataset_config_name " + configName)
            + "`, or add --download to this command (set HF_TOKEN for gated or private datasets), or in Python with"
            + " `huggingface-cli download --repo-type dataset " + datasetName + "`.");
  }

  /** Like {@link #open}, but a Hub id that is not cached yet is downloaded first (only the given splits). */
  public Resolved downloadAndOpen(String datasetName, String configName, ColumnNames columns, Collection<String> splits, Consumer<String> progress) {
    Optional<Resolved> found = find(datasetName, configName, columns);
    if (found.isPresent() && (found.get().origin() != Origin.HUB_CACHE || env.offline())) {
      return found.get(); // HF_HUB_OFFLINE: the cached snapshot, as huggingface_hub's offline mode gives it
    }
    Checks.argument(HubRepoId.looksLikeRepoId(datasetName), "--download needs a Hub dataset id (ORG/NAME), got '%s'", datasetName);
    HubRepoId repo = HubRepoId.dataset(datasetName);
    DownloadResult result = new HubDownload(env, progress).download(repo, revision, configName, splits);
    progress.accept(result.summary());
    return new Resolved(HubDataset.open(result.snapshot().directory(), configName, columns), repo.value(), Origin.HUB_CACHE);
  }

  private Optional<Resolved> find(String datasetName, String configName, ColumnNames columns) {
    Path local = Path.of(datasetName);
    if (Files.isDirectory(local)) {
      if (SaveToDiskDataset.isSaveToDiskFolder(local)) {
        Checks.argument(configName == null, "--dataset_config_name %s given, but %s is a save_to_disk folder, which has no configs", configName, local);
        return Optional.of(new Resolved(SaveToDiskDataset.open(local, columns), datasetName, Origin.SAVE_TO_DISK));
      }
      return Optional.of(new Resolved(HubDataset.open(local, configName, columns), datasetName, Origin.LOCAL_REPOSITORY));
    }
    if (!HubRepoId.looksLikeRepoId(datasetName)) {
      return Optional.empty();
    }
    HubRepoId repo = HubRepoId.dataset(datasetName);
    return new HubCache(env.cacheDir())
        .snapshot(repo, revision)
        .map(s -> new Resolved(HubDataset.open(s.directory(), configName, columns), repo.value(), Origin.HUB_CACHE));
  }
}

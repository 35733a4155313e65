package org.rnnt4j.data.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.rnnt4j.data.HubDatasetLayout;
import org.rnnt4j.hub.DownloadResult;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import org.rnnt4j.hub.RepoFile;
import org.rnnt4j.hub.RepoInfo;
import org.rnnt4j.hub.SnapshotDownload;

/**
 * Downloads a Hub dataset's Parquet shards into the Hugging Face cache, only when the user asks ({@code
 * rnnt4j download}, or {@code --download}): the listing at the revision, the dataset card, then the data
 * files of the wanted config and splits, which the card's {@code configs:} (or the file names) say. The
 * per-file work (resume, checksum, atomic rename, locks, the ref written last) is {@link
 * SnapshotDownload}'s, shared with model downloads.
 */
public final class HubDownload {
  private final HubEnvironment env;
  private final Consumer<String> progress;

  public HubDownload(HubEnvironment env, Consumer<String> progress) {
    this.env = env;
    this.progress = progress;
    new SnapshotDownload(env, progress); // fails now, not at the first download, when HF_HUB_OFFLINE is set
  }

  /**
   * @param configName the dataset config, or null for the default one
   * @param splits the split names to fetch (e.g. from split expressions), or empty for all of the config's
   */
  public DownloadResult download(HubRepoId repo, String revision, String configName, Collection<String> splits) {
    SnapshotDownload download = new SnapshotDownload(env, progress);
    RepoInfo info = download.list(repo, revision);
    info.file("README.md").ifPresent(card -> download.fetch(info, card));
    Path snapshotDir = download.snapshotDirectory(info);
    HubDatasetLayout layout = HubDatasetLayout.plan(snapshotDir, configName, info.paths());
    Set<String> wanted = new LinkedHashSet<>(splits.isEmpty() ? layout.splits() : splits);
    List<String> unknown = wanted.stream().filter(s -> !layout.splits().contains(s)).toList();
    if (!unknown.isEmpty()) {
      if (unknown.size() == wanted.size()) {
        throw new IllegalArgumentException(repo + " (config " + layout.configName() + ") has no split " + unknown + "; its splits are " + layout.splits());
      }
      // the train/eval/test flags name splits a dataset may lack; reading them fails later with a clear error
      progress.accept("not in " + repo + ", not downloaded: " + unknown + " (its splits are " + layout.splits() + ")");
      wanted.removeAll(unknown);
    }
    List<RepoFile> files = new ArrayList<>();
    for (String split : wanted) {
      for (Path file : layout.files(split)) {
        String relative = snapshotDir.relativize(file).toString().replace('\\', '/');
        files.add(info.file(relative).orElseThrow(() -> new IllegalStateException(relative + " was planned from the listing")));
      }
    }
    long total = files.stream().mapToLong(RepoFile::size).sum();
    progress.accept(String.format("config %s, splits %s: %d file(s), %,d bytes", layout.configName(), wanted, files.size(), total));
    files.forEach(f -> download.fetch(info, f));
    return download.finish(info, revision);
  }
}

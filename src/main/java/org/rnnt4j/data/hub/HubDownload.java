package org.rnnt4j.data.hub;

import org.rnnt4j.hub.Checksums;
import org.rnnt4j.hub.HubCache;
import org.rnnt4j.hub.HubClient;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import org.rnnt4j.hub.RepoFile;
import org.rnnt4j.hub.RepoInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.rnnt4j.data.HubDatasetLayout;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * Downloads a Hub dataset's Parquet shards into the Hugging Face cache, only when the user asks ({@code
 * rnnt4j download}, or {@code --download}): the listing at the revision, the dataset card, then the data
 * files of the wanted config and splits. Each file goes to {@code blobs/{etag}.incomplete} (resumed with a
 * Range request if a previous try stopped), is checked against the Hub's sha256 (LFS) or git blob id,
 * renamed atomically to {@code blobs/{etag}} and linked from {@code snapshots/{commit}/}; {@code
 * refs/{revision}} is written last, so an interrupted download never looks complete to an offline reader.
 * A per-blob lock file keeps two processes from writing the same blob.
 */
public final class HubDownload {
  /** What a download did. */
  public record Result(HubCache.Snapshot snapshot, int filesDownloaded, int filesReused, long bytesReceived) {
    public String summary() {
      return String.format("%s at %s: %d file(s) downloaded (%,d bytes), %d already in the cache; snapshot %s",
          snapshot.repo(), snapshot.commit().substring(0, Math.min(12, snapshot.commit().length())), filesDownloaded, bytesReceived,
          filesReused, snapshot.directory());
    }
  }

  private final HubEnvironment env;
  private final HubClient client;
  private final HubCache cache;
  private final Consumer<String> progress;

  public HubDownload(HubEnvironment env, Consumer<String> progress) {
    Checks.argument(!env.offline(), "HF_HUB_OFFLINE is set: unset it to download");
    this.env = env;
    this.client = new HubClient(env);
    this.cache = new HubCache(env.cacheDir());
    this.progress = Checks.notNull(progress, "progress");
  }

  /**
   * @param configName the dataset config, or null for the default one
   * @param splits the split names to fetch (e.g. from split expressions), or empty for all of the config's
   */
  public Result download(HubRepoId repo, String revision, String configName, Collection<String> splits) {
    RepoInfo info = client.repoInfo(repo, revision);
    progress.accept("listing " + repo + " at " + revision + ": commit " + info.commit() + ", " + info.files().size() + " files");
    Counts counts = new Counts();
    if (info.file("README.md").isPresent()) {
      fetch(info, info.file("README.md").get(), counts);
    }
    Path snapshotDir = cache.repoFolder(repo).resolve("snapshots").resolve(info.commit());
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
    for (RepoFile file : files) {
      fetch(info, file, counts);
    }
    try {
      cache.writeRef(repo, revision, info.commit());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write refs/" + revision + " in " + cache.repoFolder(repo) + ": " + e.getMessage(), e);
    }
    return new Result(new HubCache.Snapshot(repo, info.commit(), snapshotDir), counts.downloaded, counts.reused, counts.bytes);
  }

  private static final class Counts {
    int downloaded;
    int reused;
    long bytes;
  }

  private void fetch(RepoInfo info, RepoFile file, Counts counts) {
    HubRepoId repo = info.repo();
    Path blob = cache.blob(repo, file.etag());
    try {
      Files.createDirectories(blob.getParent());
      Path lock = cache.lockFile(repo, file.etag());
      Files.createDirectories(lock.getParent());
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (Files.isRegularFile(blob) && Files.size(blob) == file.size()) {
          counts.reused++;
        } else {
          Path partial = cache.incomplete(repo, file.etag());
          long before = Files.exists(partial) ? Files.size(partial) : 0;
          if (before > 0) {
            progress.accept("resuming " + file.path() + " at byte " + before + " of " + file.size());
          }
          counts.bytes += client.download(repo, info.commit(), file, partial);
          verify(file, partial);
          Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          counts.downloaded++;
          progress.accept("downloaded " + file.path() + " (" + file.size() + " bytes)");
        }
      }
      cache.link(repo, info.commit(), file.path(), file.etag());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + file.path() + " in " + cache.repoFolder(repo) + ": " + e.getMessage(), e);
    }
  }

  private static void verify(RepoFile file, Path partial) throws IOException {
    long size = Files.size(partial);
    String expected = file.etag();
    String actual = size == file.size() ? Checksums.actual(file, partial) : "(size " + size + ")";
    if (!expected.equals(actual)) {
      Files.deleteIfExists(partial);
      throw new DataException(partial, String.format(
          "download of %s is corrupt: expected %s %s and %d bytes, got %s; the partial file was deleted, run the download again",
          file.path(), file.sha256() != null ? "sha256" : "git blob id", expected, file.size(), actual));
    }
  }
}

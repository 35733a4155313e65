package org.rnnt4j.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * Downloads files of one Hub repository (dataset or model) at one revision into the Hugging Face cache,
 * as {@code huggingface_hub}'s {@code hf_hub_download} lays them out: each file goes to {@code
 * blobs/{etag}.incomplete} (resumed with a Range request if a previous try stopped), is checked against
 * the Hub's sha256 (LFS) or git blob id, renamed atomically to {@code blobs/{etag}} and linked from
 * {@code snapshots/{commit}/}; {@code refs/{revision}} is written last ({@link #finish}), so an
 * interrupted download never looks complete to an offline reader. A per-blob lock file keeps two
 * processes from writing the same blob. Which files to fetch is the caller's choice (a dataset's splits,
 * a model's archive).
 */
public final class SnapshotDownload {
  private final HubClient client;
  private final HubCache cache;
  private final Consumer<String> progress;
  private int downloaded;
  private int reused;
  private long bytes;

  public SnapshotDownload(HubEnvironment env, Consumer<String> progress) {
    Checks.argument(!env.offline(), "HF_HUB_OFFLINE is set: unset it to download");
    this.client = new HubClient(env);
    this.cache = new HubCache(env.cacheDir());
    this.progress = Checks.notNull(progress, "progress");
  }

  /** The commit the revision points to and its files (one Hub API call). */
  public RepoInfo list(HubRepoId repo, String revision) {
    RepoInfo info = client.repoInfo(repo, revision);
    progress.accept("listing " + repo + " at " + revision + ": commit " + info.commit() + ", " + info.files().size() + " files");
    return info;
  }

  /** The snapshot folder the files of {@code info} are linked from. */
  public Path snapshotDirectory(RepoInfo info) {
    return cache.repoFolder(info.repo()).resolve("snapshots").resolve(info.commit());
  }

  /** Lists the revision, fetches the files {@code wanted} accepts, and writes the ref. */
  public DownloadResult download(HubRepoId repo, String revision, Predicate<RepoFile> wanted) {
    RepoInfo info = list(repo, revision);
    List<RepoFile> files = info.files().stream().filter(wanted).toList();
    progress.accept(String.format("%d file(s), %,d bytes", files.size(), files.stream().mapToLong(RepoFile::size).sum()));
    files.forEach(f -> fetch(info, f));
    return finish(info, revision);
  }

  /** Makes one file of the listing present in the cache: reused, resumed or downloaded, then linked. */
  public void fetch(RepoInfo info, RepoFile file) {
    HubRepoId repo = info.repo();
    Path blob = cache.blob(repo, file.etag());
    try {
      Files.createDirectories(blob.getParent());
      Path lock = cache.lockFile(repo, file.etag());
      Files.createDirectories(lock.getParent());
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        if (Files.isRegularFile(blob) && Files.size(blob) == file.size()) {
          reused++;
        } else {
          Path partial = cache.incomplete(repo, file.etag());
          long before = Files.exists(partial) ? Files.size(partial) : 0;
          if (before > 0) {
            progress.accept("resuming " + file.path() + " at byte " + before + " of " + file.size());
          }
          bytes += client.download(repo, info.commit(), file, partial);
          verify(file, partial);
          Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          downloaded++;
          progress.accept("downloaded " + file.path() + " (" + file.size() + " bytes)");
        }
      }
      cache.link(repo, info.commit(), file.path(), file.etag());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store " + file.path() + " in " + cache.repoFolder(repo) + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code refs/{revision}}: from now on the snapshot is found offline. */
  public DownloadResult finish(RepoInfo info, String revision) {
    try {
      cache.writeRef(info.repo(), revision, info.commit());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write refs/" + revision + " in " + cache.repoFolder(info.repo()) + ": " + e.getMessage(), e);
    }
    return new DownloadResult(new HubCache.Snapshot(info.repo(), info.commit(), snapshotDirectory(info)), downloaded, reused, bytes);
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

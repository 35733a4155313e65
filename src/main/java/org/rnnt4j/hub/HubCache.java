package org.rnnt4j.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rnnt4j.util.Checks;

/**
 * The Hugging Face Hub cache on disk, laid out as {@code huggingface_hub} lays it out, so that a dataset
 * or model one side downloaded the other reads offline (the {@code datasets--} prefix is {@code models--}
 * for models):
 *
 * <pre>
 * {cache}/datasets--ORG--NAME/refs/main                    the commit hash the branch pointed to
 * {cache}/datasets--ORG--NAME/blobs/{etag}                 file contents, named by sha256 (LFS) or git blob id
 * {cache}/datasets--ORG--NAME/snapshots/{commit}/{path}    relative symlinks into blobs/ (copies where links fail)
 * </pre>
 *
 * The one place where rnnt4j resolves the cache root is {@link HubEnvironment}; {@link #fromEnvironment()}
 * uses it.
 */
public final class HubCache {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  /** A resolved snapshot folder. */
  public record Snapshot(HubRepoId repo, String commit, Path directory) {}

  private final Path root;

  public HubCache(Path root) {
    this.root = Checks.notNull(root, "cache root");
  }

  /** The cache the process environment names ({@link HubEnvironment#fromSystem()}). */
  public static HubCache fromEnvironment() {
    return new HubCache(HubEnvironment.fromSystem().cacheDir());
  }

  public Path root() {
    return root;
  }

  public Path repoFolder(HubRepoId repo) {
    return root.resolve(repo.cacheFolderName());
  }

  /**
   * The snapshot a revision names: {@code refs/{revision}} gives the commit (a 40-hex revision is a commit
   * itself). For {@code main} without a ref, a single snapshot is taken as huggingface_hub's offline mode
   * would not, but as a copied cache often needs.
   */
  public Optional<Snapshot> snapshot(HubRepoId repo, String revision) {
    if (revision.isEmpty() || revision.contains("..") || revision.startsWith("/")) {
      return Optional.empty();
    }
    Path folder = repoFolder(repo);
    Path ref = folder.resolve("refs").resolve(revision);
    String commit = null;
    if (Files.isRegularFile(ref)) {
      commit = read(ref).strip();
    } else if (COMMIT.matcher(revision).matches()) {
      commit = revision;
    } else if (revision.equals("main")) {
      List<Path> all = list(folder.resolve("snapshots"));
      if (all.size() == 1) {
        commit = all.get(0).getFileName().toString();
      }
    }
    if (commit == null) {
      return Optional.empty();
    }
    Path dir = folder.resolve("snapshots").resolve(commit);
    return Files.isDirectory(dir) ? Optional.of(new Snapshot(repo, commit, dir)) : Optional.empty();
  }

  public Path blob(HubRepoId repo, String etag) {
    return repoFolder(repo).resolve("blobs").resolve(etag);
  }

  public Path incomplete(HubRepoId repo, String etag) {
    return repoFolder(repo).resolve("blobs").resolve(etag + ".incomplete");
  }

  public Path lockFile(HubRepoId repo, String etag) {
    return root.resolve(".locks").resolve(repo.cacheFolderName()).resolve(etag + ".lock");
  }

  public Path snapshotFile(HubRepoId repo, String commit, String relativePath) {
    return repoFolder(repo).resolve("snapshots").resolve(commit).resolve(relativePath);
  }

  /** Points {@code snapshots/{commit}/{path}} at the blob: a relative symlink, or a copy where links fail. */
  public void link(HubRepoId repo, String commit, String relativePath, String etag) throws IOException {
    Path target = snapshotFile(repo, commit, relativePath);
    Path blob = blob(repo, etag);
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      return;
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    try {
      Files.createSymbolicLink(tmp, target.getParent().relativize(blob));
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp); // another process linked it first
    }
  }

  /** Writes {@code refs/{revision}} atomically (a commit revision needs no ref). */
  public void writeRef(HubRepoId repo, String revision, String commit) throws IOException {
    if (revision.equals(commit)) {
      return;
    }
    Path ref = repoFolder(repo).resolve("refs").resolve(revision);
    Files.createDirectories(ref.getParent());
    Path tmp = ref.resolveSibling(ref.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.writeString(tmp, commit, StandardCharsets.UTF_8);
    Files.move(tmp, ref, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}

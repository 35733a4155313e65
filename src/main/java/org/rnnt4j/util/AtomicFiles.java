package org.rnnt4j.util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees either the old content or the complete new content, never a half
 * written file: write a temporary sibling, fsync it, then rename it over the target. Whole directories
 * (training checkpoints) follow the same rule: fill a temporary sibling, {@link #syncTree} it, then
 * {@link #replaceDirectory} it into place; {@link #deleteDirectory} renames before deleting, so a crash
 * never leaves a half-deleted directory under the real name.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException;
  }

  public static void write(Path target, Writer writer) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
        writer.write(buffered);
        buffered.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      sync(dir); // the rename itself survives a power loss only once the directory is on disk
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is the one worth reporting
        }
      }
    }
  }

  public static void writeBytes(Path target, byte[] bytes) {
    write(target, out -> out.write(bytes));
  }

  public static void writeString(Path target, String text) {
    writeBytes(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Forces every file and directory under {@code root} (and {@code root} itself) to the storage device. */
  public static void syncTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        sync(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renames the finished directory {@code source} to {@code target}. An existing {@code target} is first
   * renamed aside and deleted after the swap, so {@code target} is at every moment absent, the old
   * directory or the complete new one, never a mixture.
   */
  public static void replaceDirectory(Path source, Path target) {
    Path parent = target.toAbsolutePath().getParent();
    Path old = null;
    try {
      if (Files.exists(target)) {
        old = parent.resolve("." + target.getFileName() + ".old-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      sync(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + source + " to " + target + ": " + e.getMessage(), e);
    } finally {
      if (old != null) {
        deleteTree(old);
      }
    }
  }

  /** Deletes a directory tree after renaming it to a hidden sibling; a missing directory is not an error. */
  public static void deleteDirectory(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    Path doomed = parent.resolve("." + dir.getFileName() + ".deleting-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    try {
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
    deleteTree(doomed);
  }

  /** Deletes a directory tree as far as possible; what cannot be deleted stays (a leftover is harmless). */
  public static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort, see above
    }
  }

  /** Forces a directory's entries (renames, creations) to the storage device, where the platform allows. */
  public static void syncDirectory(Path dir) {
    try {
      sync(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void sync(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException ignored) {
        // some platforms cannot open directories; the files themselves are synced
      }
    } else if (Files.isRegularFile(p)) {
      try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
        channel.force(true);
      }
    }
  }
}

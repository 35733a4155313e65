package org.rnnt4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void failedWriteKeepsOldContentAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("state.json");
    AtomicFiles.writeString(target, "old");
    assertThrows(
        java.io.UncheckedIOException.class,
        () ->
            AtomicFiles.write(
                target,
                out -> {
                  out.write("partial".getBytes());
                  throw new IOException("disk full");
                }));
    assertEquals("old", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void aDirectoryIsSwappedInWholeAndDeletedWithoutLeftovers(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("checkpoint-3");
    Path first = Files.createDirectories(dir.resolve("first"));
    Files.writeString(first.resolve("a.txt"), "one");
    AtomicFiles.syncTree(first);
    AtomicFiles.replaceDirectory(first, target);
    assertEquals("one", Files.readString(target.resolve("a.txt")));

    Path second = Files.createDirectories(dir.resolve("second/nested"));
    Files.writeString(second.resolve("b.txt"), "two");
    AtomicFiles.replaceDirectory(second.getParent(), target);
    assertEquals("two", Files.readString(target.resolve("nested/b.txt")));
    assertEquals(false, Files.exists(target.resolve("a.txt")), "the old directory's files are gone, not merged");
    try (var files = Files.list(dir)) {
      assertEquals(java.util.List.of(target), files.toList(), "no aside copy is left");
    }

    AtomicFiles.deleteDirectory(target);
    AtomicFiles.deleteDirectory(target); // already gone: nothing to do
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }
}

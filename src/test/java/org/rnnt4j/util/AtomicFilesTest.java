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
}

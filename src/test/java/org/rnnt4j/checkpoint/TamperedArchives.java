package org.rnnt4j.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The members of a fixture .nemo as a mutable map, to write altered copies of it. */
public final class TamperedArchives {
  private TamperedArchives() {}

  /** Member name (as in the tar, e.g. {@code ./model_config.yaml}) to content, in archive order. */
  public static Map<String, byte[]> members(Path nemo) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(nemo))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile()) {
          out.put(e.getName(), tar.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Writes {@code members} as an uncompressed tar (no checks: names may be hostile). */
  public static Path write(Path file, Map<String, byte[]> members) {
    try (OutputStream os = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> m : members.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(m.getKey(), true);
        entry.setSize(m.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(m.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}

package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnnt4j.util.Checks;

/**
 * The content of one artifact file to put into a {@code .nemo} archive (a tokenizer model, a
 * vocabulary): bytes in memory or a file on disk, copied when the archive is written.
 */
public sealed interface NemoArtifact {
  /** Number of bytes. */
  long size() throws IOException;

  /** Writes the content to {@code out}. */
  void copyTo(OutputStream out) throws IOException;

  static NemoArtifact of(byte[] content) {
    return new InMemory(content);
  }

  static NemoArtifact of(Path file) {
    return new OnDisk(file);
  }

  /** Bytes held in memory (copied in). */
  record InMemory(byte[] content) implements NemoArtifact {
    public InMemory {
      content = Checks.notNull(content, "content").clone();
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public long size() {
      return content.length;
    }

    @Override
    public void copyTo(OutputStream out) throws IOException {
      out.write(content);
    }
  }

  /** A regular file, read when the archive is written. */
  record OnDisk(Path file) implements NemoArtifact {
    public OnDisk {
      Checks.notNull(file, "file");
    }

    @Override
    public long size() throws IOException {
      return Files.size(file);
    }

    @Override
    public void copyTo(OutputStream out) throws IOException {
      Files.copy(file, out);
    }
  }
}

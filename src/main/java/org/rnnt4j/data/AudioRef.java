package org.rnnt4j.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnnt4j.util.Checks;

/**
 * Where an utterance's encoded audio is, without decoding it: a file (NeMo manifests, or a Parquet row
 * that holds only a path) or the encoded bytes themselves (the {@code bytes} of a Hugging Face {@code Audio}
 * struct), in memory or in a region of a larger file ({@link StoredAudio}: a memory-mapped Arrow body, or
 * the spill file of a large Parquet split). The audio package decodes any of them. {@code offsetSeconds}/{@code durationSeconds} select a segment
 * of the file as NeMo's manifest {@code offset}/{@code duration} do; NaN duration means "to the end".
 */
public sealed interface AudioRef permits AudioRef.FileAudio, AudioRef.InMemoryAudio, AudioRef.StoredAudio {
  /** Seconds to skip at the start (0 for the whole file). */
  double offsetSeconds();

  /** Seconds to read from the offset, or NaN for "to the end". */
  double durationSeconds();

  /** A name for messages: the file path, or the dataset file, row and original audio path. */
  String sourceName();

  /** Opens the encoded bytes (the whole file; offsets are applied by the decoder). */
  InputStream open();

  /** The encoded bytes (the whole file; offsets are applied by the decoder). */
  default byte[] readAllBytes() {
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audio " + sourceName() + ": " + e.getMessage(), e);
    }
  }

  static FileAudio file(Path path) {
    return new FileAudio(path, 0.0, Double.NaN);
  }

  static InMemoryAudio bytes(byte[] encoded, String sourceName) {
    return new InMemoryAudio(encoded, sourceName);
  }

  static StoredAudio stored(ByteSource bytes, String sourceName) {
    return new StoredAudio(bytes, sourceName);
  }

  /** Where a {@link StoredAudio}'s bytes are read from, on demand and from any thread. */
  @FunctionalInterface
  interface ByteSource {
    /** The encoded bytes, as a buffer the caller may consume (a fresh view each call). */
    java.nio.ByteBuffer read();
  }

  /**
   * Encoded audio kept outside the heap and read when decoded: a slice of a memory-mapped Arrow record
   * batch, or a region of a spill file. Keeps a large split's audio out of memory, as {@code datasets}
   * memory-maps its Arrow tables.
   */
  record StoredAudio(ByteSource bytes, String sourceName) implements AudioRef {
    public StoredAudio {
      Checks.notNull(bytes, "bytes");
      Checks.notNull(sourceName, "sourceName");
    }

    @Override
    public double offsetSeconds() {
      return 0.0;
    }

    @Override
    public double durationSeconds() {
      return Double.NaN;
    }

    @Override
    public InputStream open() {
      java.nio.ByteBuffer buffer = bytes.read();
      if (buffer.hasArray()) {
        return new ByteArrayInputStream(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
      }
      byte[] copy = new byte[buffer.remaining()];
      buffer.get(copy);
      return new ByteArrayInputStream(copy);
    }

    @Override
    public String toString() {
      return "StoredAudio[" + sourceName + "]";
    }
  }

  /**
   * An audio file on disk, optionally a segment of it.
   *
   * @param path the file, resolved (a manifest's relative paths against the manifest's folder)
   * @param given the path as its source wrote it (a manifest's {@code audio_filepath}), for outputs that echo it
   */
  record FileAudio(Path path, double offsetSeconds, double durationSeconds, String given) implements AudioRef {
    public FileAudio {
      Checks.notNull(path, "path");
      Checks.notNull(given, "given path");
      Checks.argument(offsetSeconds >= 0, "offset must be >= 0 seconds, got %s for %s", offsetSeconds, path);
      Checks.argument(
          Double.isNaN(durationSeconds) || durationSeconds >= 0,
          "duration must be >= 0 seconds or NaN, got %s for %s", durationSeconds, path);
    }

    /** A file named by its path itself. */
    public FileAudio(Path path, double offsetSeconds, double durationSeconds) {
      this(path, offsetSeconds, durationSeconds, path.toString());
    }

    @Override
    public String sourceName() {
      return path.toString();
    }

    @Override
    public InputStream open() {
      try {
        return Files.newInputStream(path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open audio file " + path + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Encoded audio held in memory. The array is shared, not copied, to keep large datasets at one copy:
   * callers must not modify it.
   */
  record InMemoryAudio(byte[] encoded, String sourceName) implements AudioRef {
    public InMemoryAudio {
      Checks.notNull(encoded, "encoded audio bytes");
      Checks.notNull(sourceName, "sourceName");
    }

    @Override
    public double offsetSeconds() {
      return 0.0;
    }

    @Override
    public double durationSeconds() {
      return Double.NaN;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(encoded);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof InMemoryAudio
          && java.util.Arrays.equals(encoded, ((InMemoryAudio) other).encoded)
          && sourceName.equals(((InMemoryAudio) other).sourceName);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Arrays.hashCode(encoded) + sourceName.hashCode();
    }

    @Override
    public String toString() {
      return "InMemoryAudio[" + encoded.length + " bytes from " + sourceName + "]";
    }
  }
}

package org.rnnt4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rnnt4j.util.Checks;

/**
 * Keeps the encoded audio of Parquet rows once they are read: on the heap while the total stays under a
 * budget, then appended to a temporary file and read back by position when decoded ({@link
 * AudioRef.StoredAudio}). This is what lets a split larger than memory be streamed once through its
 * Parquet row groups and then visited in any order, as {@code datasets} does with its Arrow cache. The file
 * is unlinked as soon as it is open (where the OS allows), so it leaves nothing behind, even on a crash.
 */
public final class AudioSpill {
  /** Heap bytes kept before spilling, unless the caller sets another budget. */
  public static final long DEFAULT_MEMORY_BUDGET = 64L << 20;

  private final long memoryBudget;
  private final Path directory;
  private long inMemory;
  private FileChannel channel;
  private Path file;
  private long spilled;

  /** @param directory where the spill file goes (the system temp folder when null) */
  public AudioSpill(long memoryBudget, Path directory) {
    Checks.argument(memoryBudget >= 0, "memory budget must be >= 0 bytes, got %s", memoryBudget);
    this.memoryBudget = memoryBudget;
    this.directory = directory;
  }

  public static AudioSpill withDefaults() {
    return new AudioSpill(DEFAULT_MEMORY_BUDGET, null);
  }

  /** The bytes as an audio reference: in memory within the budget, else in the spill file. */
  public synchronized AudioRef keep(byte[] encoded, String sourceName) {
    if (inMemory + encoded.length <= memoryBudget) {
      inMemory += encoded.length;
      return AudioRef.bytes(encoded, sourceName);
    }
    long position = append(encoded);
    FileChannel in = channel;
    int length = encoded.length;
    Path where = file;
    return AudioRef.stored(() -> read(in, where, position, length), sourceName);
  }

  /** Bytes written to the spill file so far. */
  public synchronized long spilledBytes() {
    return spilled;
  }

  public synchronized long inMemoryBytes() {
    return inMemory;
  }

  private long append(byte[] encoded) {
    try {
      if (channel == null) {
        file = directory == null ? Files.createTempFile("rnnt4j-audio-", ".spill") : Files.createTempFile(directory, "rnnt4j-audio-", ".spill");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
          Files.delete(file); // readable through the open channel until the JVM exits
        } catch (IOException e) {
          file.toFile().deleteOnExit(); // Windows keeps open files
        }
      }
      long position = spilled;
      ByteBuffer buffer = ByteBuffer.wrap(encoded);
      while (buffer.hasRemaining()) {
        channel.write(buffer, position + buffer.position());
      }
      spilled += encoded.length;
      return position;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spill audio to " + file + ": " + e.getMessage(), e);
    }
  }

  private static ByteBuffer read(FileChannel channel, Path file, long position, int length) {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          throw new IOException("unexpected end of the spill file");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spilled audio from " + file + ": " + e.getMessage(), e);
    }
    return buffer.flip();
  }
}

package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A read-only, randomly addressable run of bytes: a heap or mapped buffer, or a region of a file (a
 * {@code model_weights.ckpt} inside an uncompressed {@code .nemo} tar is such a region).
 *
 * <p>Large slices of a file region are memory-mapped, so tensors read from a checkpoint share the
 * page cache instead of being copied onto the Java heap; small slices (zip headers) are read into
 * the heap.
 */
interface ByteSource {
  /** Number of bytes. */
  long size();

  /**
   * {@code length} bytes starting at {@code offset}, as a read-only little-endian buffer positioned
   * at 0.
   *
   * @throws IOException if the bytes cannot be read
   * @throws IndexOutOfBoundsException if the range does not lie within {@code [0, size())}
   */
  ByteBuffer slice(long offset, int length) throws IOException;

  static ByteSource of(ByteBuffer buffer) {
    ByteBuffer whole = buffer.slice().asReadOnlyBuffer();
    return new ByteSource() {
      @Override
      public long size() {
        return whole.capacity();
      }

      @Override
      public ByteBuffer slice(long offset, int length) {
        checkRange(offset, length, size());
        return whole.slice((int) offset, length).order(ByteOrder.LITTLE_ENDIAN);
      }
    };
  }

  /**
   * The bytes {@code [start, start + length)} of an open channel; the caller keeps it open while
   * reading.
   */
  static ByteSource of(FileChannel channel, long start, long length) {
    return new ByteSource() {
      private static final int MAP_THRESHOLD = 1 << 16;

      @Override
      public long size() {
        return length;
      }

      @Override
      public ByteBuffer slice(long offset, int count) throws IOException {
        checkRange(offset, count, length);
        if (count >= MAP_THRESHOLD) {
          return channel
              .map(FileChannel.MapMode.READ_ONLY, start + offset, count)
              .asReadOnlyBuffer()
              .order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer heap = ByteBuffer.allocate(count);
        long position = start + offset;
        while (heap.hasRemaining()) {
          int read = channel.read(heap, position + heap.position());
          if (read < 0) {
            throw new IOException("file ends before byte " + (position + count));
          }
        }
        return heap.flip().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
      }
    };
  }

  private static void checkRange(long offset, int length, long size) {
    if (offset < 0 || length < 0 || offset > size - length) {
      throw new IndexOutOfBoundsException(
          "bytes [" + offset + ", " + (offset + length) + ") lie outside [0, " + size + ")");
    }
  }
}

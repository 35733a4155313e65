package org.rnnt4j.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FORCE;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EINVAL;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXTERNAL;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * An FFmpeg {@code AVIOContext} that reads from a Java {@link ByteBuffer} (a byte array from a
 * Parquet row, or a memory-mapped file), so that files and in-memory audio go through the same
 * demuxer path.
 *
 * <p>JavaCPP can only create a handful of native thunks per callback class, so there is one read
 * and one seek callback for the whole JVM; each open context registers its buffer under the address
 * of a small native "opaque" block that FFmpeg hands back to the callbacks. This makes concurrent
 * decodes on several threads safe. Callbacks never throw into native code: a failure becomes an
 * FFmpeg error code.
 */
final class ByteBufferIo implements AutoCloseable {
  private static final int BUFFER_SIZE = 1 << 16;

  static {
    FfmpegNatives.ensureLoaded();
  }

  private static final Map<Long, ByteBuffer> OPEN = new ConcurrentHashMap<>();
  private static final ReadCallback READ = new ReadCallback();
  private static final SeekCallback SEEK = new SeekCallback();

  private final BytePointer opaque;
  private AVIOContext context;

  private ByteBufferIo(ByteBuffer data) {
    opaque = new BytePointer(1);
    OPEN.put(opaque.address(), data.duplicate().position(0));
    BytePointer buffer = new BytePointer(av_malloc(BUFFER_SIZE));
    if (buffer.isNull()) {
      close();
      throw new OutOfMemoryError("av_malloc(" + BUFFER_SIZE + ") failed");
    }
    context =
        avio_alloc_context(
            buffer,
            BUFFER_SIZE,
            0,
            opaque,
            READ,
            (Write_packet_Pointer_BytePointer_int) null,
            SEEK);
    if (context == null || context.isNull()) {
      av_free(buffer);
      context = null;
      close();
      throw new OutOfMemoryError("avio_alloc_context failed");
    }
  }

  /** Opens a read-only context over the whole of {@code data} (from index 0 to its limit). */
  static ByteBufferIo open(ByteBuffer data) {
    return new ByteBufferIo(data);
  }

  /** Contexts opened and not yet closed, across all threads (zero when nothing leaks). */
  static int openCount() {
    return OPEN.size();
  }

  AVIOContext context() {
    return context;
  }

  /**
   * Frees the context and its buffer (which FFmpeg may have reallocated, hence read back from it).
   */
  @Override
  public void close() {
    if (context != null) {
      BytePointer buffer = context.buffer();
      if (buffer != null && !buffer.isNull()) {
        av_free(buffer);
      }
      context.buffer((BytePointer) null);
      avio_context_free(context);
      context = null;
    }
    OPEN.remove(opaque.address());
    opaque.close();
  }

  private static final class ReadCallback extends Read_packet_Pointer_BytePointer_int {
    @Override
    public int call(Pointer opaque, BytePointer destination, int size) {
      try {
        ByteBuffer source = OPEN.get(opaque.address());
        if (source == null) {
          return AVERROR_EXTERNAL;
        }
        int n = Math.min(size, source.remaining());
        if (n <= 0) {
          return AVERROR_EOF;
        }
        ByteBuffer chunk = source.slice(source.position(), n);
        destination.capacity(n).asByteBuffer().put(chunk);
        source.position(source.position() + n);
        return n;
      } catch (Throwable e) {
        return AVERROR_EXTERNAL;
      }
    }
  }

  private static final class SeekCallback extends Seek_Pointer_long_int {
    @Override
    public long call(Pointer opaque, long offset, int whence) {
      try {
        ByteBuffer source = OPEN.get(opaque.address());
        if (source == null) {
          return AVERROR_EXTERNAL;
        }
        long size = source.limit();
        if ((whence & AVSEEK_SIZE) != 0) {
          return size;
        }
        long target =
            switch (whence & ~AVSEEK_FORCE) {
              case 0 -> offset; // SEEK_SET
              case 1 -> source.position() + offset; // SEEK_CUR
              case 2 -> size + offset; // SEEK_END
              default -> -1;
            };
        if (target < 0 || target > size) {
          return AVERROR_EINVAL();
        }
        source.position((int) target);
        return target;
      } catch (Throwable e) {
        return AVERROR_EXTERNAL;
      }
    }
  }
}

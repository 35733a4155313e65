package org.rnnt4j.audio;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * Decodes audio files, or audio bytes taken from a dataset row, to float PCM: the entry point of
 * the {@code audio} package, like lhotse's {@code read_audio} / NeMo's {@code
 * AudioSegment.from_file}.
 *
 * <p>The format is detected from the content, never from the file name. WAV (PCM, float, G.711) and
 * NIST SPHERE are parsed by our own readers, which decode exactly and read only the requested
 * segment; FLAC, MP3, Ogg Vorbis, Opus and the other compressed formats go through FFmpeg. Files
 * and byte arrays take the same path. Every problem with the data (empty, truncated, corrupt,
 * unsupported codec, zero samples, a segment outside the audio) is a {@link DataException} whose
 * message starts with the file or source name.
 *
 * <p>Segments are given in seconds as manifests give them: {@code offsetSeconds >= 0}, and {@code
 * durationSeconds > 0}, or NaN or {@link Double#POSITIVE_INFINITY} for the rest of the file. They
 * are rounded to the nearest frame; a segment that overruns the end by up to 0.05 s (manifest
 * rounding) is clamped.
 *
 * <p>All methods are thread-safe.
 */
public final class AudioDecoder {
  /** Files up to this size are read onto the heap; larger ones are memory-mapped. */
  private static final long READ_LIMIT = 64L << 20;

  private AudioDecoder() {}

  /** Decodes every channel of the whole file. */
  public static DecodedAudio decode(Path file) {
    return decode(file, Span.ALL);
  }

  /** Decodes every channel of {@code [offsetSeconds, offsetSeconds + durationSeconds)}. */
  public static DecodedAudio decode(Path file, double offsetSeconds, double durationSeconds) {
    return decode(file, new Span(offsetSeconds, durationSeconds));
  }

  /**
   * Decodes every channel of in-memory audio.
   *
   * @param sourceName names the audio in error messages (e.g. {@code "train-00003.parquet row 17"})
   */
  public static DecodedAudio decode(byte[] bytes, String sourceName) {
    return decode(bytes, sourceName, Span.ALL);
  }

  /**
   * Decodes every channel of {@code [offsetSeconds, offsetSeconds + durationSeconds)} of in-memory
   * audio.
   */
  public static DecodedAudio decode(
      byte[] bytes, String sourceName, double offsetSeconds, double durationSeconds) {
    return decode(bytes, sourceName, new Span(offsetSeconds, durationSeconds));
  }

  /** Decodes the whole file and down-mixes it to mono (channel average). */
  public static AudioClip decodeMono(Path file) {
    return decode(file).toMono();
  }

  /** Decodes a segment of the file and down-mixes it to mono (channel average). */
  public static AudioClip decodeMono(Path file, double offsetSeconds, double durationSeconds) {
    return decode(file, offsetSeconds, durationSeconds).toMono();
  }

  /** Decodes in-memory audio and down-mixes it to mono (channel average). */
  public static AudioClip decodeMono(byte[] bytes, String sourceName) {
    return decode(bytes, sourceName).toMono();
  }

  /** Decodes a segment of in-memory audio and down-mixes it to mono (channel average). */
  public static AudioClip decodeMono(
      byte[] bytes, String sourceName, double offsetSeconds, double durationSeconds) {
    return decode(bytes, sourceName, offsetSeconds, durationSeconds).toMono();
  }

  private static DecodedAudio decode(byte[] bytes, String sourceName, Span span) {
    Checks.notNull(bytes, "bytes");
    Checks.notNull(sourceName, "sourceName");
    return decode(ByteBuffer.wrap(bytes), sourceName, span);
  }

  private static DecodedAudio decode(Path file, Span span) {
    Checks.notNull(file, "file");
    return decode(read(file), file.toString(), span);
  }

  private static DecodedAudio decode(ByteBuffer content, String source, Span span) {
    ContainerFormat container = ContainerFormat.detect(content, source);
    try {
      return switch (container) {
        case WAV ->
            WavReader.read(content, source)
                .map(payload -> payload.decode(content, span, source))
                .orElseGet(() -> FfmpegDecoder.decode(content, span, source));
        case SPHERE -> SphereReader.read(content, source).decode(content, span, source);
        default -> FfmpegDecoder.decode(content, span, source);
      };
    } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
      // A header whose numbers point outside the file; the readers check the usual cases by name.
      throw new DataException(source, -1, "malformed " + container + " file: " + e.getMessage(), e);
    }
  }

  private static ByteBuffer read(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new DataException(
            file, "file of " + size + " bytes is over the 2 GiB this decoder reads");
      }
      if (size <= READ_LIMIT) {
        return ByteBuffer.wrap(Files.readAllBytes(file));
      }
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    } catch (IOException e) {
      throw new DataException(file, "cannot read: " + e, e);
    }
  }
}

package org.rnnt4j.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.rnnt4j.util.DataException;

/**
 * Parses a RIFF/WAVE header (Microsoft's WAVE format, including WAVE_FORMAT_EXTENSIBLE) into a
 * {@link PcmPayload}, for the uncompressed encodings: unsigned 8-bit, signed 16/24/32-bit and IEEE
 * float 32/64-bit PCM, and G.711 mu-law and A-law, with any number of channels.
 *
 * <p>Other WAVE codecs (ADPCM, GSM, MP3 in WAV, ...) yield an empty result so that the caller can
 * hand the file to FFmpeg. A data chunk size of 0xFFFFFFFF, which streaming writers leave when they
 * cannot seek back, means "to the end of the file"; any other size larger than the bytes present is
 * a truncated file.
 */
final class WavReader {
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_IEEE_FLOAT = 0x0003;
  private static final int FORMAT_A_LAW = 0x0006;
  private static final int FORMAT_MU_LAW = 0x0007;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

  private WavReader() {}

  /** The fields of the {@code fmt } chunk that decoding needs. */
  private record Format(
      int tag, int channels, long sampleRate, int blockAlign, int bitsPerSample) {}

  /**
   * @param file the whole file, position 0 at its first byte
   * @return the payload, or empty for a well-formed WAVE file in a codec this reader does not
   *     decode
   * @throws DataException for a malformed or truncated file
   */
  static Optional<PcmPayload> read(ByteBuffer file, String source) {
    ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int size = b.limit();
    if (size < 12 || !fourCc(b, 0).equals("RIFF") || !fourCc(b, 8).equals("WAVE")) {
      throw new DataException(
          source,
          -1,
          "not a RIFF/WAVE file (" + size + " bytes, expected 'RIFF....WAVE' at the start)");
    }
    Format format = null;
    int pos = 12;
    while (pos + 8 <= size) {
      String id = fourCc(b, pos);
      long chunkSize = b.getInt(pos + 4) & 0xFFFFFFFFL;
      int body = pos + 8;
      long available = size - (long) body;
      if (id.equals("data")) {
        if (format == null) {
          throw new DataException(source, -1, "the data chunk comes before the fmt chunk");
        }
        return payload(format, body, chunkSize, available, source);
      }
      if (chunkSize > available) {
        throw new DataException(
            source,
            -1,
            String.format(
                "truncated: chunk '%s' at byte %d says %d bytes, file has %d",
                id, pos, chunkSize, available));
      }
      if (id.equals("fmt ")) {
        format = parseFormat(b, body, chunkSize, source);
      }
      // Chunks are padded to an even length.
      pos = Math.toIntExact(body + chunkSize + (chunkSize & 1));
    }
    throw new DataException(
        source,
        -1,
        format == null
            ? "no fmt chunk in the RIFF/WAVE file"
            : "no data chunk in the RIFF/WAVE file (truncated, or a header without audio)");
  }

  private static Format parseFormat(ByteBuffer b, int body, long chunkSize, String source) {
    if (chunkSize < 16) {
      throw new DataException(
          source, -1, "fmt chunk has " + chunkSize + " bytes, expected at least 16");
    }
    int tag = b.getShort(body) & 0xFFFF;
    int channels = b.getShort(body + 2) & 0xFFFF;
    long sampleRate = b.getInt(body + 4) & 0xFFFFFFFFL;
    int blockAlign = b.getShort(body + 12) & 0xFFFF;
    int bits = b.getShort(body + 14) & 0xFFFF;
    if (tag == FORMAT_EXTENSIBLE) {
      if (chunkSize < 40) {
        throw new DataException(
            source,
            -1,
            "WAVE_FORMAT_EXTENSIBLE fmt chunk has " + chunkSize + " bytes, expected 40");
      }
      // The sub-format GUID begins with the classic format tag (KSDATAFORMAT_SUBTYPE_PCM = 0x0001,
      // ...).
      tag = b.getShort(body + 24) & 0xFFFF;
    }
    if (channels == 0 || sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
      throw new DataException(
          source,
          -1,
          "fmt chunk has " + channels + " channels at " + sampleRate + " Hz, expected both > 0");
    }
    return new Format(tag, channels, sampleRate, blockAlign, bits);
  }

  private static Optional<PcmPayload> payload(
      Format format, int dataOffset, long dataSize, long available, String source) {
    Optional<PcmEncoding> encoding = encoding(format, source);
    if (encoding.isEmpty()) {
      return Optional.empty();
    }
    long bytes = dataSize == UNKNOWN_SIZE ? available : dataSize;
    if (bytes > available) {
      throw new DataException(
          source,
          -1,
          String.format("truncated: header says %d data bytes, file has %d", bytes, available));
    }
    int frameBytes = format.channels() * encoding.get().bytes();
    // A partial frame at the end (a writer killed mid-frame) is dropped, as FFmpeg does.
    return Optional.of(
        new PcmPayload(
            encoding.get(),
            ByteOrder.LITTLE_ENDIAN,
            format.channels(),
            (int) format.sampleRate(),
            dataOffset,
            bytes / frameBytes));
  }

  private static Optional<PcmEncoding> encoding(Format format, String source) {
    int channels = format.channels();
    if (format.blockAlign() == 0 || format.blockAlign() % channels != 0) {
      throw new DataException(
          source,
          -1,
          String.format(
              "fmt chunk block align %d is not a multiple of the %d channels",
              format.blockAlign(), channels));
    }
    // The container size decides the layout; bitsPerSample may be smaller (20 valid bits in 24).
    int containerBytes = format.blockAlign() / channels;
    if (format.bitsPerSample() > containerBytes * 8) {
      throw new DataException(
          source,
          -1,
          String.format(
              "fmt chunk says %d bits per sample in %d-byte containers",
              format.bitsPerSample(), containerBytes));
    }
    PcmEncoding encoding =
        switch (format.tag()) {
          case FORMAT_PCM ->
              switch (containerBytes) {
                case 1 -> PcmEncoding.UNSIGNED_8;
                case 2 -> PcmEncoding.SIGNED_16;
                case 3 -> PcmEncoding.SIGNED_24;
                case 4 -> PcmEncoding.SIGNED_32;
                default -> null;
              };
          case FORMAT_IEEE_FLOAT ->
              switch (containerBytes) {
                case 4 -> PcmEncoding.FLOAT_32;
                case 8 -> PcmEncoding.FLOAT_64;
                default -> null;
              };
          case FORMAT_A_LAW -> containerBytes == 1 ? PcmEncoding.A_LAW : null;
          case FORMAT_MU_LAW -> containerBytes == 1 ? PcmEncoding.MU_LAW : null;
          default -> null;
        };
    return Optional.ofNullable(encoding);
  }

  private static String fourCc(ByteBuffer b, int at) {
    byte[] id = new byte[4];
    b.get(at, id);
    return new String(id, StandardCharsets.ISO_8859_1);
  }
}

package org.rnnt4j.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.rnnt4j.util.DataException;

/**
 * Parses a NIST SPHERE header (the LDC format of TIMIT, Switchboard, Fisher, TED-LIUM, WSJ) into a
 * {@link PcmPayload}: linear PCM of 1 to 4 bytes in either byte order, and mu-law or A-law.
 *
 * <p>The header is ASCII: {@code NIST_1A}, the header length in bytes (normally 1024), then one
 * {@code name -type value} line per field up to {@code end_head}; the samples follow the header,
 * interleaved. Files compressed with shorten ({@code sample_coding pcm,embedded-shorten-v2.00}, as
 * LDC ships WSJ and some Switchboard releases) are rejected with a message saying how to decompress
 * them.
 */
final class SphereReader {
  static final String MAGIC = "NIST_1A\n";

  private SphereReader() {}

  /**
   * @param file the whole file, position 0 at its first byte
   * @throws DataException for a malformed, truncated or compressed file
   */
  static PcmPayload read(ByteBuffer file, String source) {
    int size = file.limit();
    String start = ascii(file, 0, Math.min(size, 16));
    if (!start.startsWith(MAGIC)) {
      throw new DataException(
          source, -1, "not a NIST SPHERE file (expected 'NIST_1A' at the start)");
    }
    int lineEnd = start.indexOf('\n', MAGIC.length());
    int headerSize;
    try {
      headerSize =
          Integer.parseInt(
              start.substring(MAGIC.length(), lineEnd < 0 ? start.length() : lineEnd).trim());
    } catch (NumberFormatException e) {
      throw new DataException(
          source, -1, "SPHERE header length is not a number: " + start.trim(), e);
    }
    if (headerSize < 16 || headerSize > size) {
      throw new DataException(
          source,
          -1,
          String.format(
              "truncated: SPHERE header says %d header bytes, file has %d", headerSize, size));
    }
    Map<String, String> fields = fields(ascii(file, 0, headerSize), source);

    String coding = fields.getOrDefault("sample_coding", "pcm").toLowerCase(java.util.Locale.ROOT);
    if (coding.contains("shorten") || coding.contains("wavpack") || coding.contains("shortpack")) {
      throw new DataException(
          source,
          -1,
          "compressed SPHERE (sample_coding '"
              + coding
              + "') is not supported; decompress it first, "
              + "e.g. with 'sph2pipe -f wav'");
    }
    int channels = intField(fields, "channel_count", 1, source);
    int sampleRate = intField(fields, "sample_rate", -1, source);
    int sampleBytes = intField(fields, "sample_n_bytes", coding.startsWith("pcm") ? 2 : 1, source);
    if (channels <= 0 || sampleRate <= 0) {
      throw new DataException(
          source,
          -1,
          "SPHERE header has channel_count "
              + channels
              + " and sample_rate "
              + sampleRate
              + ", expected both > 0");
    }
    PcmEncoding encoding = encoding(coding, sampleBytes, source);
    ByteOrder order =
        byteOrder(fields.getOrDefault("sample_byte_format", "01"), sampleBytes, source);

    long frameBytes = (long) channels * sampleBytes;
    long available = size - (long) headerSize;
    long frames;
    if (fields.containsKey("sample_count")) {
      frames = intField(fields, "sample_count", 0, source);
      if (frames * frameBytes > available) {
        throw new DataException(
            source,
            -1,
            String.format(
                "truncated: header says %d data bytes (%d samples x %d channels x %d bytes), file"
                    + " has %d",
                frames * frameBytes, frames, channels, sampleBytes, available));
      }
    } else {
      frames = available / frameBytes;
    }
    return new PcmPayload(encoding, order, channels, sampleRate, headerSize, frames);
  }

  private static PcmEncoding encoding(String coding, int sampleBytes, String source) {
    // Codings may carry a suffix after a comma (e.g. "pcm,embedded-..."), handled above for
    // compression.
    String base = coding.split(",", 2)[0].trim();
    PcmEncoding encoding =
        switch (base) {
          case "pcm" ->
              switch (sampleBytes) {
                case 1 -> PcmEncoding.SIGNED_8;
                case 2 -> PcmEncoding.SIGNED_16;
                case 3 -> PcmEncoding.SIGNED_24;
                case 4 -> PcmEncoding.SIGNED_32;
                default -> null;
              };
          case "ulaw", "mu-law", "mulaw" -> sampleBytes == 1 ? PcmEncoding.MU_LAW : null;
          case "alaw", "a-law" -> sampleBytes == 1 ? PcmEncoding.A_LAW : null;
          default -> null;
        };
    if (encoding == null) {
      throw new DataException(
          source,
          -1,
          "unsupported SPHERE sample_coding '"
              + coding
              + "' with sample_n_bytes "
              + sampleBytes
              + " (supported: pcm of 1-4 bytes, ulaw, alaw)");
    }
    return encoding;
  }

  /**
   * {@code 01} / {@code 0123} is little endian, {@code 10} / {@code 3210} big endian, {@code 1} one
   * byte.
   */
  private static ByteOrder byteOrder(String format, int sampleBytes, String source) {
    if (sampleBytes == 1 || format.startsWith("01")) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    if (format.startsWith("10") || format.startsWith("32")) {
      return ByteOrder.BIG_ENDIAN;
    }
    throw new DataException(
        source, -1, "unsupported SPHERE sample_byte_format '" + format + "' (expected 01 or 10)");
  }

  /**
   * Reads the {@code name -type value} lines; {@code -sN} string values are exactly N characters.
   */
  private static Map<String, String> fields(String header, String source) {
    Map<String, String> fields = new HashMap<>();
    String[] lines = header.split("\n");
    boolean ended = false;
    for (int i = 2; i < lines.length && !ended; i++) {
      String line = lines[i].strip();
      if (line.equals("end_head")) {
        ended = true;
      } else if (!line.isEmpty() && !line.startsWith(";")) {
        String[] parts = line.split("\\s+", 3);
        if (parts.length < 3 || !parts[1].startsWith("-")) {
          throw new DataException(
              source, -1, "malformed SPHERE header line " + (i + 1) + ": '" + line + "'");
        }
        String value = parts[2];
        if (parts[1].startsWith("-s")) {
          try {
            int length = Integer.parseInt(parts[1].substring(2));
            value = value.substring(0, Math.min(length, value.length()));
          } catch (NumberFormatException e) {
            throw new DataException(
                source, -1, "malformed SPHERE header line " + (i + 1) + ": '" + line + "'", e);
          }
        }
        fields.put(parts[0], value);
      }
    }
    if (!ended) {
      throw new DataException(source, -1, "SPHERE header has no end_head line");
    }
    return fields;
  }

  private static int intField(
      Map<String, String> fields, String name, int fallback, String source) {
    String value = fields.get(name);
    if (value == null) {
      if (fallback < 0) {
        throw new DataException(source, -1, "SPHERE header has no " + name + " field");
      }
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new DataException(
          source, -1, "SPHERE field " + name + " is not an integer: '" + value + "'", e);
    }
  }

  private static String ascii(ByteBuffer file, int from, int length) {
    byte[] bytes = new byte[length];
    file.get(from, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}

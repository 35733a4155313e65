package org.rnnt4j.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds small WAV and SPHERE files byte by byte, for layouts the fixtures do not cover. */
final class TestFiles {
  private TestFiles() {}

  /**
   * A RIFF/WAVE file with a plain 16-byte fmt chunk, optional extra chunks before data, then data.
   */
  static byte[] wav(
      int tag, int channels, int rate, int bits, int blockAlign, byte[] data, byte[]... extra) {
    ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign);
    fmt.putShort((short) blockAlign).putShort((short) bits);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(ascii("WAVE"));
    body.writeBytes(chunk("fmt ", fmt.array()));
    for (byte[] chunk : extra) {
      body.writeBytes(chunk);
    }
    body.writeBytes(chunk("data", data));
    return concat(ascii("RIFF"), le32(body.size()), body.toByteArray());
  }

  /** A RIFF chunk: id, little-endian size, body, and a pad byte when the size is odd. */
  static byte[] chunk(String id, byte[] body) {
    byte[] padded = body.length % 2 == 0 ? body : java.util.Arrays.copyOf(body, body.length + 1);
    return concat(ascii(id), le32(body.length), padded);
  }

  /** A NIST SPHERE file with a 1024-byte header holding the given field lines. */
  static byte[] sphere(byte[] data, String... fields) {
    StringBuilder header = new StringBuilder("NIST_1A\n   1024\n");
    for (String field : fields) {
      header.append(field).append('\n');
    }
    header.append("end_head\n");
    byte[] head =
        java.util.Arrays.copyOf(header.toString().getBytes(StandardCharsets.US_ASCII), 1024);
    java.util.Arrays.fill(head, header.length(), 1024, (byte) ' ');
    return concat(head, data);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** {@code n} bytes from a seeded generator. */
  static byte[] randomBytes(int n, long seed) {
    byte[] bytes = new byte[n];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }
}

package org.rnnt4j.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of TensorBoard event files written for the tests from the format's specification alone, sharing
 * no code with the writer: TFRecord framing (tensorflow/core/lib/io/record_reader.cc: uint64 length, masked
 * CRC-32C of the length, data, masked CRC-32C of the data, both checked with a table-driven CRC-32C over
 * the Castagnoli polynomial 0x82F63B78, not java.util.zip.CRC32C), and the protobuf wire format parsed by
 * hand (varints, fixed64, fixed32, length-delimited fields) for event.proto's {@code Event} and
 * summary.proto's {@code Summary.Value}.
 */
public final class EventFileReader {
  /** One event: either the file version, or a scalar, or a text. */
  public record Event(double wallTime, long step, String fileVersion, String tag, Float scalar, String text) {}

  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
      }
      TABLE[i] = c;
    }
  }

  private EventFileReader() {}

  /** CRC-32C ("123456789" gives 0xE3069283, the standard check value). */
  public static int crc32c(byte[] b, int off, int len) {
    int c = 0xFFFFFFFF;
    for (int i = off; i < off + len; i++) {
      c = TABLE[(c ^ b[i]) & 0xFF] ^ (c >>> 8);
    }
    return ~c;
  }

  static int masked(int crc) {
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  public static List<Event> read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.hasRemaining()) {
      int start = in.position();
      long length = in.getLong();
      int lengthCrc = in.getInt();
      if (lengthCrc != masked(crc32c(all, start, 8))) {
        throw new IOException(file + ": bad length checksum at byte " + start);
      }
      byte[] data = new byte[(int) length];
      in.get(data);
      int dataCrc = in.getInt();
      if (dataCrc != masked(crc32c(data, 0, data.length))) {
        throw new IOException(file + ": bad data checksum in the record at byte " + start);
      }
      events.add(event(data));
    }
    return events;
  }

  /** Fields of one message: number, wire type, and the value (Long, byte[] or Integer bits). */
  private record Field(int number, int wireType, long bits, byte[] bytes) {}

  private static List<Field> fields(byte[] message) {
    List<Field> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < message.length) {
      long key = varint(message, pos);
      int number = (int) (key >>> 3);
      int type = (int) (key & 7);
      switch (type) {
        case 0 -> out.add(new Field(number, type, varint(message, pos), null));
        case 1 -> {
          out.add(new Field(number, type, ByteBuffer.wrap(message, pos[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), null));
          pos[0] += 8;
        }
        case 2 -> {
          int len = (int) varint(message, pos);
          byte[] b = new byte[len];
          System.arraycopy(message, pos[0], b, 0, len);
          pos[0] += len;
          out.add(new Field(number, type, 0, b));
        }
        case 5 -> {
          out.add(new Field(number, type, ByteBuffer.wrap(message, pos[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), null));
          pos[0] += 4;
        }
        default -> throw new IllegalStateException("unexpected wire type " + type);
      }
    }
    return out;
  }

  private static long varint(byte[] b, int[] pos) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[pos[0]++];
      value |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return value;
      }
    }
  }

  private static Event event(byte[] data) {
    double wall = 0;
    long step = 0;
    String version = null;
    String tag = null;
    Float scalar = null;
    String text = null;
    for (Field f : fields(data)) {
      switch (f.number()) {
        case 1 -> wall = Double.longBitsToDouble(f.bits());
        case 2 -> step = f.bits();
        case 3 -> version = new String(f.bytes(), StandardCharsets.UTF_8);
        case 5 -> {
          for (Field value : fields(f.bytes())) { // Summary.value
            for (Field v : fields(value.bytes())) {
              if (v.number() == 1) {
                tag = new String(v.bytes(), StandardCharsets.UTF_8);
              } else if (v.number() == 2) {
                scalar = Float.intBitsToFloat((int) v.bits());
              } else if (v.number() == 8) {
                for (Field t : fields(v.bytes())) { // TensorProto.string_val
                  if (t.number() == 8) {
                    text = new String(t.bytes(), StandardCharsets.UTF_8);
                  }
                }
              }
            }
          }
        }
        default -> { }
      }
    }
    return new Event(wall, step, version, tag, scalar, text);
  }
}

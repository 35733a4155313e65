package org.rnnt4j.data.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * One column (or struct child) of one record batch, read in place from the batch body: no values are
 * copied until asked for, so a memory-mapped file stays in the page cache rather than on the heap. Only the
 * accessors that fit the column's type may be called.
 */
public final class ArrowVector {
  private final ArrowField field;
  private final int length;
  private final ByteBuffer validity;
  private final ByteBuffer offsets;
  private final ByteBuffer data;
  private final List<ArrowVector> children;

  ArrowVector(ArrowField field, int length, ByteBuffer validity, ByteBuffer offsets, ByteBuffer data, List<ArrowVector> children) {
    this.field = field;
    this.length = length;
    this.validity = validity;
    this.offsets = offsets == null ? null : offsets.order(ByteOrder.LITTLE_ENDIAN);
    this.data = data == null ? null : data.order(ByteOrder.LITTLE_ENDIAN);
    this.children = List.copyOf(children);
  }

  public ArrowField field() {
    return field;
  }

  public int length() {
    return length;
  }

  public boolean isNull(int row) {
    Checks.argument(row >= 0 && row < length, "row must be in [0, %s), got %s", length, row);
    if (field.type().kind() == ArrowType.Kind.NULL) {
      return true;
    }
    if (validity == null || validity.capacity() == 0) {
      return false;
    }
    return (validity.get(row >>> 3) & (1 << (row & 7))) == 0;
  }

  /** A struct child by name, or null when the struct has no such child. */
  public ArrowVector child(String name) {
    for (ArrowVector c : children) {
      if (c.field.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** The bytes of a string or binary value, as a read-only view of the batch body (null for null). */
  public ByteBuffer bytes(int row) {
    if (isNull(row)) {
      return null;
    }
    ArrowType.Kind kind = field.type().kind();
    long start;
    long end;
    if (kind == ArrowType.Kind.UTF8 || kind == ArrowType.Kind.BINARY) {
      start = offsets.getInt(4 * row);
      end = offsets.getInt(4 * row + 4);
    } else if (kind == ArrowType.Kind.LARGE_UTF8 || kind == ArrowType.Kind.LARGE_BINARY) {
      start = offsets.getLong(8 * row);
      end = offsets.getLong(8 * row + 8);
    } else {
      throw new IllegalStateException("column " + field.name() + " has type " + field.type() + ", not string or binary");
    }
    if (start < 0 || end < start || end > data.capacity()) {
      throw new IllegalStateException(
          "column " + field.name() + " row " + row + ": value bytes [" + start + ", " + end + ") outside the data buffer of " + data.capacity() + " bytes");
    }
    return data.slice((int) start, (int) (end - start)).asReadOnlyBuffer();
  }

  /** A string value, or the UTF-8 decoding of a binary one (null for null). */
  public String string(int row) {
    ByteBuffer b = bytes(row);
    if (b == null) {
      return null;
    }
    byte[] copy = new byte[b.remaining()];
    b.get(copy);
    return new String(copy, StandardCharsets.UTF_8);
  }

  /** An integer or floating-point value as a double (NaN for null). */
  public double number(int row) {
    if (isNull(row)) {
      return Double.NaN;
    }
    ArrowType t = field.type();
    if (t.kind() == ArrowType.Kind.FLOAT) {
      return switch (t.bitWidth()) {
        case 32 -> data.getFloat(4 * row);
        case 64 -> data.getDouble(8 * row);
        default -> halfToFloat(data.getShort(2 * row));
      };
    }
    if (t.kind() == ArrowType.Kind.INT) {
      return integer(row);
    }
    throw new IllegalStateException("column " + field.name() + " has type " + t + ", not a number");
  }

  /** An integer value (0 for null; check {@link #isNull} first). */
  public long integer(int row) {
    if (isNull(row)) {
      return 0;
    }
    ArrowType t = field.type();
    Checks.state(t.kind() == ArrowType.Kind.INT, "column %s has type %s, not an integer", field.name(), t);
    return switch (t.bitWidth()) {
      case 8 -> t.signed() ? data.get(row) : data.get(row) & 0xFFL;
      case 16 -> t.signed() ? data.getShort(2 * row) : data.getShort(2 * row) & 0xFFFFL;
      case 32 -> t.signed() ? data.getInt(4 * row) : data.getInt(4 * row) & 0xFFFFFFFFL;
      default -> data.getLong(8 * row);
    };
  }

  /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h >>> 15) << 31;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f; // subnormal
      return sign == 0 ? value : -value;
    }
    if (exponent == 31) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}

package org.rnnt4j.util.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.rnnt4j.util.Checks;

/**
 * One tensor of a safetensors file: its element type, its shape and its row-major little-endian
 * bytes.
 *
 * <p>The bytes may be a slice of a memory-mapped file; the record never copies them, and {@link
 * #data()} hands out read-only views. A 0-d tensor (a scalar) has the shape {@code []} and one
 * element; a shape containing 0 has no elements.
 *
 * @param dtype element type
 * @param shape dimensions, outermost first (copied in and out)
 * @param data exactly {@code numel * dtype.byteSize()} bytes, little-endian, from its position to
 *     its limit
 */
public record NamedArray(DType dtype, long[] shape, ByteBuffer data) {
  public NamedArray {
    Checks.notNull(dtype, "dtype");
    Checks.notNull(shape, "shape");
    Checks.notNull(data, "data");
    shape = shape.clone();
    long numel = elementCount(shape);
    long expectedBytes = Math.multiplyExact(numel, (long) dtype.byteSize());
    Checks.argument(
        data.remaining() == expectedBytes,
        "%s tensor of shape %s needs %s bytes, got %s",
        dtype,
        Arrays.toString(shape),
        expectedBytes,
        data.remaining());
    data = data.slice().asReadOnlyBuffer();
  }

  /** An F32 tensor holding a copy of {@code values}. */
  public static NamedArray ofFloats(long[] shape, float... values) {
    ByteBuffer bytes = allocate(values.length, DType.F32);
    bytes.asFloatBuffer().put(values);
    return new NamedArray(DType.F32, shape, bytes);
  }

  /** An F64 tensor holding a copy of {@code values}. */
  public static NamedArray ofDoubles(long[] shape, double... values) {
    ByteBuffer bytes = allocate(values.length, DType.F64);
    bytes.asDoubleBuffer().put(values);
    return new NamedArray(DType.F64, shape, bytes);
  }

  /** An I64 tensor holding a copy of {@code values}. */
  public static NamedArray ofLongs(long[] shape, long... values) {
    ByteBuffer bytes = allocate(values.length, DType.I64);
    bytes.asLongBuffer().put(values);
    return new NamedArray(DType.I64, shape, bytes);
  }

  /** An I32 tensor holding a copy of {@code values}. */
  public static NamedArray ofInts(long[] shape, int... values) {
    ByteBuffer bytes = allocate(values.length, DType.I32);
    bytes.asIntBuffer().put(values);
    return new NamedArray(DType.I32, shape, bytes);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** A read-only little-endian view of the bytes, positioned at 0. */
  @Override
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  public long numel() {
    return elementCount(shape);
  }

  /** A read-only view of an F32 tensor's elements (no copy; works for tensors of any size). */
  public FloatBuffer floatBuffer() {
    requireType("floatBuffer()", DType.F32);
    return data().asFloatBuffer();
  }

  /** The elements as floats: F32 as is, F16 and BF16 widened exactly. */
  public float[] toFloatArray() {
    requireType("toFloatArray()", DType.F32, DType.F16, DType.BF16);
    int n = arrayLength();
    float[] out = new float[n];
    ByteBuffer bytes = data();
    switch (dtype) {
      case F32 -> bytes.asFloatBuffer().get(out);
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.halfToFloat(bytes.getShort(2 * i));
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          out[i] = HalfFloats.bfloat16ToFloat(bytes.getShort(2 * i));
        }
      }
    }
    return out;
  }

  /** The elements as doubles, from any floating-point dtype (widening is exact). */
  public double[] toDoubleArray() {
    if (dtype == DType.F64) {
      double[] out = new double[arrayLength()];
      data().asDoubleBuffer().get(out);
      return out;
    }
    float[] floats = toFloatArray();
    double[] out = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      out[i] = floats[i];
    }
    return out;
  }

  /** The elements as longs, from any integer dtype (U8 and BOOL read as unsigned). */
  public long[] toLongArray() {
    requireType("toLongArray()", DType.I64, DType.I32, DType.I16, DType.I8, DType.U8, DType.BOOL);
    int n = arrayLength();
    long[] out = new long[n];
    ByteBuffer bytes = data();
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (dtype) {
            case I64 -> bytes.getLong(8 * i);
            case I32 -> bytes.getInt(4 * i);
            case I16 -> bytes.getShort(2 * i);
            case I8 -> bytes.get(i);
            default -> Byte.toUnsignedLong(bytes.get(i));
          };
    }
    return out;
  }

  /** The elements as ints, from any integer dtype; fails if an I64 value does not fit an int. */
  public int[] toIntArray() {
    long[] longs = toLongArray();
    int[] out = new int[longs.length];
    for (int i = 0; i < longs.length; i++) {
      if (longs[i] != (int) longs[i]) {
        throw new IllegalStateException(
            "element "
                + i
                + " = "
                + longs[i]
                + " of this "
                + dtype
                + " tensor does not fit an int");
      }
      out[i] = (int) longs[i];
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NamedArray that
        && dtype == that.dtype
        && Arrays.equals(shape, that.shape)
        && data.equals(that.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
  }

  @Override
  public String toString() {
    return "NamedArray[" + dtype + " " + Arrays.toString(shape) + "]";
  }

  private void requireType(String method, DType... accepted) {
    for (DType type : accepted) {
      if (type == dtype) {
        return;
      }
    }
    throw new IllegalStateException(
        method + " needs a tensor of type " + Arrays.toString(accepted) + ", got " + dtype);
  }

  private int arrayLength() {
    long n = numel();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "tensor of shape "
              + Arrays.toString(shape)
              + " has "
              + n
              + " elements, too many for a Java array");
    }
    return (int) n;
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      Checks.argument(d >= 0, "shape %s has a negative dimension", Arrays.toString(shape));
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static ByteBuffer allocate(int count, DType dtype) {
    return ByteBuffer.allocate(Math.multiplyExact(count, dtype.byteSize()))
        .order(ByteOrder.LITTLE_ENDIAN);
  }
}

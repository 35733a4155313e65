package org.rnnt4j.engine;

import org.rnnt4j.util.safetensors.NamedArray;

/** Conversions between {@link NamedArray} (file-format tensors) and engine {@link Tensor}s. */
public final class Arrays {
  private Arrays() {}

  /** A CPU tensor with the array's values: F32/F16/BF16 become float32, F64 float64, integer types int64. */
  public static Tensor toTensor(NamedArray array) {
    long[] shape = array.shape();
    switch (array.dtype()) {
      case F64:
        return Tensor.ofDoubles(array.toDoubleArray(), shape);
      case F32:
      case F16:
      case BF16:
        return Tensor.of(array.toFloatArray(), shape);
      case I64:
      case I32:
      case I16:
      case I8:
      case U8:
      case BOOL:
        return Tensor.ofLongs(array.toLongArray(), shape);
      default:
        throw new IllegalArgumentException("unsupported dtype " + array.dtype());
    }
  }

  /**
   * The tensor's values, row-major: F64 for float64 (kept exact), F32 for the other floating-point
   * types (widened exactly), I64 for integers.
   */
  public static NamedArray toArray(Tensor tensor) {
    long[] shape = tensor.shape();
    if (tensor.dtype() == DType.FLOAT64) {
      return NamedArray.ofDoubles(shape, tensor.toDoubleArray());
    }
    if (tensor.dtype().isFloatingPoint()) {
      return NamedArray.ofFloats(shape, tensor.toFloatArray());
    }
    return NamedArray.ofLongs(shape, tensor.toLongArray());
  }
}

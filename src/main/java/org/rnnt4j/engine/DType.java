package org.rnnt4j.engine;

import org.bytedeco.pytorch.global.torch.ScalarType;

/** The element types rnnt4j uses, mapped to libtorch's scalar types. */
public enum DType {
  FLOAT32(ScalarType.Float),
  FLOAT64(ScalarType.Double),
  FLOAT16(ScalarType.Half),
  BFLOAT16(ScalarType.BFloat16),
  INT64(ScalarType.Long),
  INT32(ScalarType.Int),
  /** Unsigned bytes: the codes of 8-bit quantised optimizer state. */
  UINT8(ScalarType.Byte),
  BOOL(ScalarType.Bool);

  final ScalarType nativeType;

  DType(ScalarType nativeType) {
    this.nativeType = nativeType;
  }

  static DType of(ScalarType type) {
    for (DType d : values()) {
      if (d.nativeType.value == type.value) {
        return d;
      }
    }
    throw new IllegalArgumentException("unsupported libtorch scalar type " + type);
  }

  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64 || this == FLOAT16 || this == BFLOAT16;
  }
}

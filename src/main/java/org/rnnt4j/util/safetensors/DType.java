package org.rnnt4j.util.safetensors;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format, under the names its JSON header uses ({@code "F32"},
 * {@code "I64"}, ...). Only the types rnnt4j reads or writes are listed; a header naming another
 * one is rejected with the accepted names.
 */
public enum DType {
  F64(8, true),
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U8(1, false),
  BOOL(1, false);

  private final int byteSize;
  private final boolean floatingPoint;

  DType(int byteSize, boolean floatingPoint) {
    this.byteSize = byteSize;
    this.floatingPoint = floatingPoint;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  public boolean isFloatingPoint() {
    return floatingPoint;
  }

  /** The dtype named {@code name} in a safetensors header (case-sensitive, as the format is). */
  public static Optional<DType> fromHeaderName(String name) {
    for (DType type : values()) {
      if (type.name().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The accepted header names, for error messages. */
  static String acceptedNames() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}

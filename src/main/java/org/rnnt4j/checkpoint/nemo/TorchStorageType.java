package org.rnnt4j.checkpoint.nemo;

import java.util.Optional;
import org.rnnt4j.util.safetensors.DType;

/**
 * The typed storage classes ({@code torch.FloatStorage}, ...) that {@code torch.save} names in a
 * tensor's persistent id, each with the element type of its bytes. They are the only storage
 * globals a state dict needs; {@code torch.load(weights_only=True)} accepts the same set.
 */
enum TorchStorageType {
  DOUBLE("DoubleStorage", DType.F64),
  FLOAT("FloatStorage", DType.F32),
  HALF("HalfStorage", DType.F16),
  BFLOAT16("BFloat16Storage", DType.BF16),
  LONG("LongStorage", DType.I64),
  INT("IntStorage", DType.I32),
  SHORT("ShortStorage", DType.I16),
  CHAR("CharStorage", DType.I8),
  BYTE("ByteStorage", DType.U8),
  BOOL("BoolStorage", DType.BOOL);

  /** The Python module of every storage class. */
  static final String MODULE = "torch";

  private final String className;
  private final DType dtype;

  TorchStorageType(String className, DType dtype) {
    this.className = className;
    this.dtype = dtype;
  }

  /** The class name inside module {@code torch}, e.g. {@code FloatStorage}. */
  String className() {
    return className;
  }

  DType dtype() {
    return dtype;
  }

  static Optional<TorchStorageType> forClassName(String name) {
    for (TorchStorageType type : values()) {
      if (type.className.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  static TorchStorageType forDtype(DType dtype) {
    for (TorchStorageType type : values()) {
      if (type.dtype == dtype) {
        return type;
      }
    }
    throw new IllegalArgumentException("no torch storage type holds " + dtype);
  }
}

package org.rnnt4j.checkpoint.nemo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.DType;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * Turns a strided view of a storage ({@link PickledTensor}) into a contiguous row-major
 * little-endian {@link NamedArray}, as {@code tensor.contiguous()} would.
 *
 * <p>The usual case, a contiguous view of a little-endian storage, costs nothing: the array is a
 * slice of the storage bytes. Views with gaps, transposes, broadcast (stride 0) dimensions or
 * big-endian bytes are copied element by element.
 */
final class StridedCopy {
  private StridedCopy() {}

  /**
   * @param file the checkpoint, for error messages
   * @param key the state-dict key, for error messages
   * @param tensor the view
   * @param storageBytes all bytes of the viewed storage
   * @param bigEndian whether the storage bytes are big-endian (the checkpoint's {@code byteorder}
   *     record)
   * @throws FormatException if the view reaches outside its storage
   */
  static NamedArray materialize(
      String file, String key, PickledTensor tensor, ByteBuffer storageBytes, boolean bigEndian) {
    DType dtype = tensor.storage().type().dtype();
    int size = dtype.byteSize();
    long[] shape = tensor.shape();
    long[] stride = tensor.stride();
    long storageNumel = tensor.storage().numel();
    if (storageNumel < 0
        || storageBytes.remaining() % size != 0
        || storageBytes.remaining() / size != storageNumel) {
      throw new FormatException(
          file,
          String.format(
              "storage data/%s holds %d bytes, but its persistent id says %d elements of torch.%s"
                  + " (%.0f bytes)",
              tensor.storage().key(),
              storageBytes.remaining(),
              storageNumel,
              tensor.storage().type().className(),
              (double) storageNumel * size));
    }
    long numel = 1;
    long lastIndex = tensor.offset();
    try {
      for (int d = 0; d < shape.length; d++) {
        if (shape[d] < 0 || stride[d] < 0) {
          throw outside(file, key, tensor, "has a negative size or stride");
        }
        numel = Math.multiplyExact(numel, shape[d]);
        lastIndex =
            Math.addExact(
                lastIndex, shape[d] == 0 ? 0 : Math.multiplyExact(shape[d] - 1, stride[d]));
      }
    } catch (ArithmeticException e) {
      throw outside(file, key, tensor, "has a size that overflows 64 bits");
    }
    if (tensor.offset() < 0 || (numel > 0 && lastIndex >= storageNumel)) {
      throw outside(
          file, key, tensor, "reaches element " + lastIndex + " of a storage of " + storageNumel);
    }
    if (numel > Integer.MAX_VALUE / size) {
      throw new FormatException(
          file,
          "tensor '" + key + "' has " + numel + " elements, over the 2 GiB a NamedArray may hold");
    }
    if (numel == 0) {
      return new NamedArray(dtype, shape, ByteBuffer.allocate(0));
    }
    if (!bigEndian && isContiguous(shape, stride)) {
      return new NamedArray(
          dtype, shape, storageBytes.slice((int) (tensor.offset() * size), (int) (numel * size)));
    }
    return new NamedArray(dtype, shape, gather(tensor, storageBytes, size, (int) numel, bigEndian));
  }

  /**
   * Row-major order: each stride is the product of the later sizes (dimensions of size 1 may have
   * any stride).
   */
  static boolean isContiguous(long[] shape, long[] stride) {
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  private static ByteBuffer gather(
      PickledTensor tensor, ByteBuffer storage, int size, int numel, boolean bigEndian) {
    long[] shape = tensor.shape();
    long[] stride = tensor.stride();
    ByteBuffer out = ByteBuffer.allocate(numel * size).order(ByteOrder.LITTLE_ENDIAN);
    long[] index = new long[shape.length];
    long element = tensor.offset();
    for (int n = 0; n < numel; n++) {
      int from = (int) (element * size);
      for (int b = 0; b < size; b++) {
        out.put(storage.get(from + (bigEndian ? size - 1 - b : b)));
      }
      // Odometer increment of the multi-index, updating the storage element with it.
      for (int d = shape.length - 1; d >= 0; d--) {
        index[d]++;
        element += stride[d];
        if (index[d] < shape[d]) {
          break;
        }
        element -= index[d] * stride[d];
        index[d] = 0;
      }
    }
    return out.flip();
  }

  private static FormatException outside(
      String file, String key, PickledTensor tensor, String problem) {
    return new FormatException(
        file,
        String.format(
            "tensor '%s' (offset %d, size %s, stride %s) %s",
            key,
            tensor.offset(),
            Arrays.toString(tensor.shape()),
            Arrays.toString(tensor.stride()),
            problem));
  }
}

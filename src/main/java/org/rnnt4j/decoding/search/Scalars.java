package org.rnnt4j.decoding.search;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;

/**
 * The 0-d constants the batched searches combine with their tensors, made once per decode on the
 * model's device (a host scalar in a masked choice would be a copy to the device per step; an int64
 * tensor and a double scalar would promote to float).
 */
public final class Scalars {
  public final Tensor negInf; // float32 -inf: NeMo's INACTIVE_SCORE
  public final Tensor minusOne; // int64 -1: NeMo's NON_EXISTENT_LABEL_VALUE
  public final Tensor zero;
  public final Tensor one;
  public final Tensor blank;

  public Scalars(Device device, int blankId) {
    negInf = Tensor.full(Double.NEGATIVE_INFINITY, DType.FLOAT32).to(device);
    minusOne = integer(-1, device);
    zero = integer(0, device);
    one = integer(1, device);
    blank = integer(blankId, device);
  }

  /** Whether any element of {@code mask} is true: one scalar copied back, a synchronisation on a GPU. */
  public static boolean any(Tensor mask) {
    return mask.any().item() != 0;
  }

  /** A 0-d int64 tensor on {@code device}. */
  public static Tensor integer(long value, Device device) {
    return Tensor.ofLongs(new long[] {value}).to(device);
  }
}

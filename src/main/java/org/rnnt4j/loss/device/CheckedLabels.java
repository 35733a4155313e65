package org.rnnt4j.loss.device;

import java.util.Arrays;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;

/**
 * Label ids made safe to gather with, checked on their device: an id in {@code u < U_b} outside
 * {@code [0, V)} or equal to the blank raises {@link #invalid} (read later with the losses, so that
 * the check costs no synchronisation) and, like every padding entry, is replaced by class 0, since
 * a CUDA gather out of range would abort the process.
 *
 * <p>Legend: B batch, U labels.
 *
 * @param safe (B, U) int64, every entry in {@code [0, V)}
 * @param invalid whether some label was out of range or the blank, () bool
 */
public record CheckedLabels(Tensor safe, Tensor invalid) {

  /**
   * @param labels (B, U') int64 with {@code U' >= U}, on any device
   * @param labelCounts {@code U_b}, (B)
   * @param U the labels kept
   * @param V classes
   * @param blank the blank's class
   * @param device where the lattice runs
   */
  public static CheckedLabels of(
      Tensor labels, int[] labelCounts, int U, int V, int blank, Device device) {
    int B = labelCounts.length;
    Tensor ids = labels.narrow(1, 0, U).to(DType.INT64).to(device, true); // (B, U)
    long[] counts = Arrays.stream(labelCounts).asLongStream().toArray();
    Tensor Ub = Tensor.ofLongs(counts, B).to(device, true).view(B, 1); // (B, 1)
    Tensor inLabels = Tensor.arange(U, device).view(1, U).lt(Ub); // (B, U)
    Tensor bad = inLabels.logicalAnd(ids.lt(0).logicalOr(ids.ge(V)).logicalOr(ids.eq(blank)));
    return new CheckedLabels(ids.where(inLabels.logicalAnd(bad.logicalNot()), 0), bad.any());
  }
}

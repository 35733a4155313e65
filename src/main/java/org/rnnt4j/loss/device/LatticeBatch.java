package org.rnnt4j.loss.device;

import java.util.Arrays;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * What {@link DeviceRnntLoss} reads: joint logits on any device with their labels, the lengths (on
 * the host, where the objectives already have them, and uploaded without a synchronisation), and,
 * for the pruned lattice, the first label position of each frame's rows.
 *
 * <p>Legend: B batch, T frames, U labels of the lattice ({@code maxLabels}), W rows per frame (U+1
 * for the exact loss, S for the pruned one), V classes with the blank.
 *
 * @param logits (B, T, W, V), float32, float64, bfloat16 or float16; row {@code (b, t, s)} is
 *     lattice cell {@code (b, t, start(b, t) + s)}
 * @param labels (B, U') int64 with {@code U' >= U}, on any device (moved when small); entries past
 *     {@code U_b} are padding and never read
 * @param frames {@code T_b} in {@code 1..T}, (B)
 * @param labelCounts {@code U_b} in {@code 0..U}, (B)
 * @param starts the pruned lattice's {@code start(b, t)}, (B, T) int64 on the logits' device; null
 *     for the exact lattice (all 0, {@code W = U+1})
 * @param maxLabels U
 */
public record LatticeBatch(
    Tensor logits, Tensor labels, int[] frames, int[] labelCounts, Tensor starts, int maxLabels) {

  public LatticeBatch {
    Checks.notNull(logits, "logits");
    Checks.notNull(labels, "labels");
    Checks.argument(
        logits.dim() == 4 && logits.dtype().isFloatingPoint(),
        "logits must be floating (B, T, W, V), got %s %s",
        logits.dtype(),
        logits.shapeString());
    int B = (int) logits.size(0);
    int T = (int) logits.size(1);
    frames = Checks.notNull(frames, "frames").clone();
    labelCounts = Checks.notNull(labelCounts, "labelCounts").clone();
    Checks.argument(
        frames.length == B && labelCounts.length == B,
        "lengths must be (B) = (%s), got %s frame and %s label counts",
        B,
        frames.length,
        labelCounts.length);
    Checks.argument(maxLabels >= 0, "U must be >= 0, got %s", maxLabels);
    for (int b = 0; b < B; b++) {
      Checks.argument(
          frames[b] >= 1 && frames[b] <= T && labelCounts[b] >= 0 && labelCounts[b] <= maxLabels,
          "utterance %s: T_b = %s and U_b = %s must be in 1..T = 1..%s and 0..U = 0..%s",
          b,
          frames[b],
          labelCounts[b],
          T,
          maxLabels);
    }
    Checks.argument(
        labels.dim() == 2 && labels.size(0) == B && labels.size(1) >= maxLabels,
        "labels must be (B, U') = (%s, >= %s), got %s",
        B,
        maxLabels,
        labels.shapeString());
    if (starts == null) {
      Checks.argument(
          logits.size(2) == maxLabels + 1,
          "exact logits must have U+1 = %s label positions, got %s",
          maxLabels + 1,
          logits.shapeString());
    } else {
      Checks.argument(
          starts.dim() == 2 && starts.size(0) == B && starts.size(1) == T,
          "starts must be (B, T) = (%s, %s), got %s",
          B,
          T,
          starts.shapeString());
      Checks.argument(
          logits.size(2) <= maxLabels + 1,
          "pruned logits have S = %s rows per frame, more than the U+1 = %s label positions",
          logits.size(2),
          maxLabels + 1);
    }
  }

  public Device device() {
    return logits.device();
  }

  int batch() {
    return (int) logits.size(0);
  }

  int maxFrames() {
    return (int) logits.size(1);
  }

  int width() {
    return (int) logits.size(2);
  }

  int vocab() {
    return (int) logits.size(3);
  }

  /** {@code T_b}, (B) int64 on the logits' device. */
  Tensor frameTensor() {
    return upload(frames);
  }

  /** {@code U_b}, (B) int64 on the logits' device. */
  Tensor labelCountTensor() {
    return upload(labelCounts);
  }

  private Tensor upload(int[] values) {
    long[] longs = Arrays.stream(values).asLongStream().toArray();
    return Tensor.ofLongs(longs, longs.length).to(device(), true);
  }
}

package org.rnnt4j.model;

import java.util.Arrays;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * A batch's valid frame and label counts on the host, read once per step for the loss kernels.
 *
 * @param frames {@code T_b}, (B)
 * @param labels {@code U_b}, (B)
 */
record BatchLengths(int[] frames, int[] labels) {

  /**
   * @param encoded (B, H, T) with lengths (B)
   * @param predicted (B, H_pred, U+1)
   * @param targets (B, U) with lengths (B)
   */
  static BatchLengths of(Encoded encoded, org.rnnt4j.engine.Tensor predicted, Targets targets) {
    long B = encoded.values().size(0);
    Checks.argument(
        encoded.values().dim() == 3 && predicted.dim() == 3 && predicted.size(0) == B,
        "encoded must be (B, H_enc, T) and predicted (B, H_pred, U+1), got %s and %s",
        encoded.values().shapeString(),
        predicted.shapeString());
    int[] frames = ints(encoded.lengths().toLongArray());
    int[] labels = ints(targets.lengths().toLongArray());
    Checks.argument(
        frames.length == B && labels.length == B,
        "lengths must be (B) = (%s), got %s frame and %s label lengths",
        B,
        frames.length,
        labels.length);
    long T = encoded.values().size(2);
    long U = predicted.size(2) - 1;
    for (int b = 0; b < B; b++) {
      Checks.argument(
          frames[b] >= 1 && frames[b] <= T && labels[b] >= 0 && labels[b] <= U,
          "utterance %s: %s frames and %s labels, expected 1..T = 1..%s and 0..U = 0..%s",
          b,
          frames[b],
          labels[b],
          T,
          U);
    }
    return new BatchLengths(frames, labels);
  }

  int batchSize() {
    return frames.length;
  }

  int maxFrames() {
    return Arrays.stream(frames).max().orElse(0);
  }

  int maxLabels() {
    return Arrays.stream(labels).max().orElse(0);
  }

  /** Utterances {@code begin .. begin+count-1}. */
  BatchLengths slice(int begin, int count) {
    return new BatchLengths(
        Arrays.copyOfRange(frames, begin, begin + count),
        Arrays.copyOfRange(labels, begin, begin + count));
  }

  private static int[] ints(long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.toIntExact(values[i]);
    }
    return out;
  }
}

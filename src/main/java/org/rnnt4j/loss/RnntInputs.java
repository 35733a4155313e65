package org.rnnt4j.loss;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.rnnt4j.util.Checks;

/**
 * What the RNN-T loss reads: joint logits with their targets and lengths, as torchaudio's {@code
 * rnnt_loss(logits, targets, logit_lengths, target_lengths)} takes them.
 *
 * <p>Shape legend: B batch, T = {@code maxFrames} (T_max), U = {@code maxTargetLength} (U_max), V
 * classes including the blank. Only the first {@code T_b} frames and {@code U_b + 1} label
 * positions of utterance {@code b} are read; padding is ignored.
 *
 * @param logits raw (pre-softmax) joint logits (B, T, U+1, V), float32 row-major: the buffer's
 *     remaining elements, position to limit, heap or direct (e.g. a view of libtorch's CPU memory);
 *     never copied
 * @param batchSize B
 * @param maxFrames T
 * @param maxTargetLength U
 * @param vocabSize V
 * @param targets (B, U) row-major label ids in {@code [0, V)}; entries past {@code U_b} are padding
 * @param logitLengths {@code T_b} in {@code 1..T}, (B)
 * @param targetLengths {@code U_b} in {@code 0..U}, (B)
 */
public record RnntInputs(
    FloatBuffer logits,
    int batchSize,
    int maxFrames,
    int maxTargetLength,
    int vocabSize,
    int[] targets,
    int[] logitLengths,
    int[] targetLengths) {

  public RnntInputs {
    Checks.notNull(logits, "logits");
    Checks.argument(
        batchSize >= 1 && maxFrames >= 1 && maxTargetLength >= 0 && vocabSize >= 1,
        "logits must be (B, T, U+1, V) with B, T, V >= 1 and U >= 0, got (%s, %s, %s, %s)",
        batchSize,
        maxFrames,
        maxTargetLength + 1,
        vocabSize);
    long expected = (long) batchSize * maxFrames * (maxTargetLength + 1) * vocabSize;
    Checks.argument(
        logits.remaining() == expected,
        "logits buffer has %s floats remaining, expected B*T*(U+1)*V = %s*%s*%s*%s = %s",
        logits.remaining(),
        batchSize,
        maxFrames,
        maxTargetLength + 1,
        vocabSize,
        expected);
    logits = logits.slice();
    targets = Checks.notNull(targets, "targets").clone();
    logitLengths = Checks.notNull(logitLengths, "logitLengths").clone();
    targetLengths = Checks.notNull(targetLengths, "targetLengths").clone();
    checkLabels(
        batchSize, maxFrames, maxTargetLength, vocabSize, targets, logitLengths, targetLengths);
  }

  /**
   * Inputs from torch-style shapes and int64 ids, as they come out of tensors and safetensors
   * files.
   *
   * @param logits (B, T, U+1, V) float32, as for the canonical constructor
   * @param shape the logits' shape {@code [B, T, U+1, V]}
   * @param targets (B, U)
   * @param logitLengths (B)
   * @param targetLengths (B)
   */
  public static RnntInputs of(
      FloatBuffer logits, long[] shape, long[] targets, long[] logitLengths, long[] targetLengths) {
    Checks.argument(
        shape.length == 4, "logits shape must be [B, T, U+1, V], got %s", Arrays.toString(shape));
    Checks.argument(
        shape[2] >= 1, "logits shape %s has no label position (U+1 = 0)", Arrays.toString(shape));
    return new RnntInputs(
        logits,
        toInt(shape[0], "B"),
        toInt(shape[1], "T"),
        toInt(shape[2] - 1, "U"),
        toInt(shape[3], "V"),
        toInts(targets, "targets"),
        toInts(logitLengths, "logitLengths"),
        toInts(targetLengths, "targetLengths"));
  }

  /** Checks targets and lengths of a (B, T, U, V) lattice; shared with {@link PrunedRnntInputs}. */
  static void checkLabels(
      int B, int T, int U, int V, int[] targets, int[] logitLengths, int[] targetLengths) {
    Checks.argument(
        targets.length == B * U,
        "targets must be (B, U) = (%s, %s) = %s ids, got %s",
        B,
        U,
        B * U,
        targets.length);
    Checks.argument(
        logitLengths.length == B,
        "logitLengths must be (B) = (%s), got %s",
        B,
        logitLengths.length);
    Checks.argument(
        targetLengths.length == B,
        "targetLengths must be (B) = (%s), got %s",
        B,
        targetLengths.length);
    for (int b = 0; b < B; b++) {
      Checks.argument(
          logitLengths[b] >= 1 && logitLengths[b] <= T,
          "logitLengths[%s] must be in 1..T = 1..%s, got %s",
          b,
          T,
          logitLengths[b]);
      Checks.argument(
          targetLengths[b] >= 0 && targetLengths[b] <= U,
          "targetLengths[%s] must be in 0..U = 0..%s, got %s",
          b,
          U,
          targetLengths[b]);
      for (int u = 0; u < targetLengths[b]; u++) {
        int id = targets[b * U + u];
        Checks.argument(
            id >= 0 && id < V,
            "targets[%s][%s] must be in [0, V) = [0, %s), got %s",
            b,
            u,
            V,
            id);
      }
    }
  }

  /** Number of floats in the logits (and in a gradient buffer for them). */
  public int logitCount() {
    return batchSize * maxFrames * (maxTargetLength + 1) * vocabSize;
  }

  /** The logits' shape {@code [B, T, U+1, V]}. */
  public long[] shape() {
    return new long[] {batchSize, maxFrames, maxTargetLength + 1, vocabSize};
  }

  @Override
  public int[] targets() {
    return targets.clone();
  }

  @Override
  public int[] logitLengths() {
    return logitLengths.clone();
  }

  @Override
  public int[] targetLengths() {
    return targetLengths.clone();
  }

  /** Shared views for the kernels of this package, which only read them. */
  int[] targetsView() {
    return targets;
  }

  int[] logitLengthsView() {
    return logitLengths;
  }

  int[] targetLengthsView() {
    return targetLengths;
  }

  @Override
  public String toString() {
    return "RnntInputs[logits (B, T, U+1, V) = "
        + Arrays.toString(shape())
        + ", logitLengths="
        + Arrays.toString(logitLengths)
        + ", targetLengths="
        + Arrays.toString(targetLengths)
        + "]";
  }

  private static int toInt(long value, String what) {
    Checks.argument(
        value >= 0 && value <= Integer.MAX_VALUE,
        "%s must fit a non-negative int, got %s",
        what,
        value);
    return (int) value;
  }

  private static int[] toInts(long[] values, String what) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      Checks.argument(
          values[i] == (int) values[i], "%s[%s] = %s does not fit an int", what, i, values[i]);
      out[i] = (int) values[i];
    }
    return out;
  }
}

package org.rnnt4j.loss;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.rnnt4j.util.Checks;

/**
 * What the pruned RNN-T loss reads (k2's {@code rnnt_loss_pruned(logits, symbols, ranges, ...)}):
 * joint logits for only {@code S} label positions per frame, the first of which is given by {@link
 * PruneRanges}, with targets and lengths as for {@link RnntInputs}.
 *
 * <p>Shape legend: B batch, T = {@code maxFrames}, U = {@code maxTargetLength}, S = {@code
 * pruneRange}, V classes including the blank. Row {@code (b, t, s)} of the logits holds label
 * position {@code u = ranges.start(b, t) + s}; rows with {@code u > U_b} or {@code t >= T_b} are
 * padding and ignored.
 *
 * @param logits raw joint logits (B, T, S, V), float32 row-major: the buffer's remaining elements;
 *     never copied
 * @param maxTargetLength U
 * @param vocabSize V
 * @param targets (B, U) label ids in {@code [0, V)}
 * @param logitLengths {@code T_b} in {@code 1..T}, (B)
 * @param targetLengths {@code U_b} in {@code 0..U}, (B)
 * @param ranges the window of each frame, (B, T) starts of width S; for every utterance it must
 *     start at label position 0, end on a window holding {@code U_b} and never skip a position
 *     (what {@link PruneRanges#fromPosteriors} guarantees), or the lattice would have no path
 */
public record PrunedRnntInputs(
    FloatBuffer logits,
    int maxTargetLength,
    int vocabSize,
    int[] targets,
    int[] logitLengths,
    int[] targetLengths,
    PruneRanges ranges) {

  public PrunedRnntInputs {
    Checks.notNull(logits, "logits");
    Checks.notNull(ranges, "ranges");
    int B = ranges.batchSize();
    int T = ranges.maxFrames();
    int S = ranges.width();
    Checks.argument(
        maxTargetLength >= 0 && vocabSize >= 1,
        "U must be >= 0 and V >= 1, got U = %s, V = %s",
        maxTargetLength,
        vocabSize);
    Checks.argument(
        S <= maxTargetLength + 1,
        "prune range S = %s exceeds the U+1 = %s label positions",
        S,
        maxTargetLength + 1);
    long expected = (long) B * T * S * vocabSize;
    Checks.argument(
        logits.remaining() == expected,
        "pruned logits buffer has %s floats remaining, expected B*T*S*V = %s*%s*%s*%s = %s",
        logits.remaining(),
        B,
        T,
        S,
        vocabSize,
        expected);
    logits = logits.slice();
    targets = Checks.notNull(targets, "targets").clone();
    logitLengths = Checks.notNull(logitLengths, "logitLengths").clone();
    targetLengths = Checks.notNull(targetLengths, "targetLengths").clone();
    RnntInputs.checkLabels(
        B, T, maxTargetLength, vocabSize, targets, logitLengths, targetLengths);
    checkRanges(ranges, maxTargetLength, logitLengths, targetLengths);
  }

  /**
   * Checks that every utterance's windows leave a path through the pruned lattice (see {@link
   * #ranges()}); shared with the tensor-ops backend, which gets the ranges from the host too.
   */
  static void checkRanges(PruneRanges ranges, int U, int[] logitLengths, int[] targetLengths) {
    Checks.argument(
        logitLengths.length == ranges.batchSize() && targetLengths.length == ranges.batchSize(),
        "lengths must be (B) = (%s), got %s and %s",
        ranges.batchSize(),
        logitLengths.length,
        targetLengths.length);
    for (int b = 0; b < ranges.batchSize(); b++) {
      checkWindows(ranges, b, logitLengths[b], targetLengths[b], U);
    }
  }

  private static void checkWindows(PruneRanges ranges, int b, int Tb, int Ub, int U) {
    int S = ranges.width();
    int previous = 0;
    for (int t = 0; t < ranges.maxFrames(); t++) {
      int start = ranges.start(b, t);
      Checks.argument(
          start >= 0 && start <= U + 1 - S,
          "ranges start(%s, %s) = %s must be in 0..U+1-S = 0..%s",
          b,
          t,
          start,
          U + 1 - S);
      if (t >= Tb) {
        continue;
      }
      Checks.argument(
          t == 0 ? start == 0 : start >= previous && start - previous < S,
          "ranges of utterance %s leave no path: start(%s, %s) = %s after %s (must start at 0,"
              + " never decrease and advance by less than S = %s)",
          b,
          b,
          t,
          start,
          previous,
          S);
      previous = start;
    }
    Checks.argument(
        previous + S - 1 >= Ub,
        "ranges of utterance %s leave no path: the last frame's window [%s, %s] misses U_b = %s",
        b,
        previous,
        previous + S - 1,
        Ub);
  }

  public int batchSize() {
    return ranges.batchSize();
  }

  public int maxFrames() {
    return ranges.maxFrames();
  }

  /** S, the label positions per frame. */
  public int pruneRange() {
    return ranges.width();
  }

  /** Number of floats in the logits (and in a gradient buffer for them): B * T * S * V. */
  public int logitCount() {
    return batchSize() * maxFrames() * pruneRange() * vocabSize;
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

  int[] targetsView() {
    return targets;
  }

  int[] logitLengthsView() {
    return logitLengths;
  }

  int[] targetLengthsView() {
    return targetLengths;
  }

  int[] rangeStartsView() {
    return ranges.startsView();
  }

  @Override
  public String toString() {
    return "PrunedRnntInputs[logits (B, T, S, V) = ["
        + batchSize()
        + ", "
        + maxFrames()
        + ", "
        + pruneRange()
        + ", "
        + vocabSize
        + "], U = "
        + maxTargetLength
        + ", logitLengths="
        + Arrays.toString(logitLengths)
        + ", targetLengths="
        + Arrays.toString(targetLengths)
        + "]";
  }
}

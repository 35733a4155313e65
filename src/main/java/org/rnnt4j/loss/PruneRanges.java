package org.rnnt4j.loss;

import java.util.Arrays;
import org.rnnt4j.util.Checks;

/**
 * The label positions the pruned RNN-T loss keeps at each frame: the window {@code [start(b, t),
 * start(b, t) + width)} (Kuang et al. 2022, "Pruned RNN-T for fast, memory-efficient ASR
 * training", section 3.2; k2's {@code get_rnnt_prune_ranges}, which returns {@code start + arange(S)}
 * as a (B, T, S) tensor where this record keeps the (B, T) starts).
 *
 * <p>{@link #fromPosteriors} chooses, for every frame but each utterance's last, the window with the
 * most blank-edge posterior minus the label posterior entering it (the simple joiner's occupation
 * probabilities), then makes the starts begin at 0, never decrease and never advance by {@code width}
 * or more, and puts the last frame's window on {@code U_b}, so that a path through the windows always
 * exists. Frames past {@code T_b} are padding.
 *
 * <p>The width actually used is {@link #effectiveWidth}: as in k2, a width too small for some
 * utterance to emit its {@code U_b} labels in {@code T_b} frames is raised to {@code ceil(U_b / T_b)
 * + 1} (k2's {@code (S-1) // T + 2}), and one larger than the {@code U+1} label positions is lowered
 * to {@code U+1}. Where k2 then requires a width of at least 2, rnnt4j accepts 1 when every target is
 * empty ({@code U = 0}): the single position is the whole lattice.
 *
 * @param starts {@code start(b, t)} at {@code b * T + t}, (B, T)
 */
public record PruneRanges(int batchSize, int maxFrames, int width, int[] starts) {

  public PruneRanges {
    Checks.argument(
        batchSize >= 1 && maxFrames >= 1 && width >= 1,
        "ranges need B, T, S >= 1, got B = %s, T = %s, S = %s",
        batchSize,
        maxFrames,
        width);
    starts = Checks.notNull(starts, "starts").clone();
    Checks.argument(
        starts.length == batchSize * maxFrames,
        "starts must be (B, T) = (%s, %s), got %s values",
        batchSize,
        maxFrames,
        starts.length);
  }

  /** Every frame keeps positions {@code 0..width-1}: with {@code width = U+1}, the exact lattice. */
  public static PruneRanges full(int batchSize, int maxFrames, int width) {
    return new PruneRanges(batchSize, maxFrames, width, new int[batchSize * maxFrames]);
  }

  /**
   * The width used for a batch when {@code requested} positions per frame are asked for.
   *
   * @param requested S, at least 1
   * @param maxTargetLength U of the batch
   * @param logitLengths {@code T_b}, (B)
   * @param targetLengths {@code U_b}, (B)
   */
  public static int effectiveWidth(
      int requested, int maxTargetLength, int[] logitLengths, int[] targetLengths) {
    Checks.argument(
        requested >= 1, "the prune range must be >= 1 label position, got %s", requested);
    int needed = 1;
    for (int b = 0; b < logitLengths.length; b++) {
      if (targetLengths[b] > 0) {
        int perFrame = (targetLengths[b] + logitLengths[b] - 1) / logitLengths[b]; // ceil(U_b/T_b)
        needed = Math.max(needed, perFrame + 1);
      }
    }
    return Math.min(Math.max(requested, needed), maxTargetLength + 1);
  }

  /**
   * The ranges k2's {@code get_rnnt_prune_ranges} computes from the simple loss's posteriors.
   *
   * @param posteriors the simple joiner's edge posteriors, (B, T, U+1)
   * @param requested S, the label positions to keep per frame (see {@link #effectiveWidth})
   * @param logitLengths {@code T_b}, (B)
   * @param targetLengths {@code U_b}, (B)
   */
  public static PruneRanges fromPosteriors(
      EdgePosteriors posteriors, int requested, int[] logitLengths, int[] targetLengths) {
    int B = posteriors.batchSize();
    int T = posteriors.maxFrames();
    int U = posteriors.maxTargetLength();
    Checks.argument(
        logitLengths.length == B && targetLengths.length == B,
        "lengths must be (B) = (%s), got %s and %s",
        B,
        logitLengths.length,
        targetLengths.length);
    int S = effectiveWidth(requested, U, logitLengths, targetLengths);
    int[] starts = new int[B * T];
    for (int b = 0; b < B; b++) {
      int last = Math.max(targetLengths[b] - S + 1, 0);
      for (int t = 0; t < T; t++) {
        starts[b * T + t] =
            t < logitLengths[b] - 1 ? bestWindow(posteriors, b, t, S) : last;
      }
      adjust(starts, b * T, T, S);
    }
    return new PruneRanges(B, T, S, starts);
  }

  /**
   * argmax over {@code s} of the blank posterior inside {@code [s, s+S)} minus the posterior of the
   * label edge entering {@code s} at this frame (the first maximum, as torch's argmax).
   */
  private static int bestWindow(EdgePosteriors p, int b, int t, int S) {
    int U1 = p.maxTargetLength() + 1;
    int base = p.cell(b, t, 0);
    double[] blank = p.blank();
    double[] label = p.label();
    double window = 0;
    for (int k = 0; k < S; k++) {
      window += blank[base + k];
    }
    int best = 0;
    double bestScore = window;
    for (int s = 1; s + S <= U1; s++) {
      window += blank[base + s + S - 1] - blank[base + s - 1];
      double score = window - label[base + s - 1];
      if (score > bestScore) {
        bestScore = score;
        best = s;
      }
    }
    return best;
  }

  /**
   * k2's {@code _adjust_pruning_lower_bound} on one utterance's starts {@code x[from..from+T)}: a
   * non-decreasing lower bound, then steps below {@code S}, then a first start of 0.
   */
  private static void adjust(int[] x, int from, int T, int S) {
    monotonicLowerBound(x, from, T);
    for (int t = 0; t < T; t++) {
      x[from + t] = (S - 1) * t - x[from + t];
    }
    monotonicLowerBound(x, from, T);
    for (int t = 0; t < T; t++) {
      x[from + t] = (S - 1) * t - Math.max(x[from + t], 0);
    }
  }

  /** {@code x[i] = min(x[i..])}: the largest non-decreasing sequence below {@code x}. */
  private static void monotonicLowerBound(int[] x, int from, int T) {
    for (int t = T - 2; t >= 0; t--) {
      x[from + t] = Math.min(x[from + t], x[from + t + 1]);
    }
  }

  /** The first label position kept at frame {@code t} of utterance {@code b}. */
  public int start(int b, int t) {
    return starts[b * maxFrames + t];
  }

  @Override
  public int[] starts() {
    return starts.clone();
  }

  int[] startsView() {
    return starts;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PruneRanges that
        && batchSize == that.batchSize
        && maxFrames == that.maxFrames
        && width == that.width
        && Arrays.equals(starts, that.starts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(starts) * 31 + width;
  }

  @Override
  public String toString() {
    return "PruneRanges[B=" + batchSize + ", T=" + maxFrames + ", S=" + width + "]";
  }
}

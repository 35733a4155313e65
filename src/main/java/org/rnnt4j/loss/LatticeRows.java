package org.rnnt4j.loss;

import java.nio.FloatBuffer;

/**
 * Which lattice cell each row of logits holds: the one geometry the kernel's sweeps read, shared by
 * the exact loss and the pruned one.
 *
 * <p>The lattice has cells {@code (b, t, u)}, {@code u = 0..U}, indexed {@code (b * T + t) * (U+1)
 * + u}. The logits have {@code width} rows per frame: row {@code (b, t, s)}, at float offset {@code
 * ((b * T + t) * width + s) * V}, holds cell {@code (b, t, start(b, t) + s)}. The exact loss is the
 * window {@code start = 0, width = U+1} (logits (B, T, U+1, V)); the pruned loss is k2's window of
 * {@code S} label positions per frame (logits (B, T, S, V)).
 *
 * @param starts {@code start(b, t)} at {@code b * T + t}, (B, T); null for the exact loss (all 0)
 */
record LatticeRows(
    FloatBuffer logits,
    int batch,
    int frames,
    int maxLabels,
    int vocab,
    int width,
    int[] starts,
    int[] targets,
    int[] logitLengths,
    int[] targetLengths) {

  static LatticeRows of(RnntInputs in) {
    return new LatticeRows(
        in.logits(),
        in.batchSize(),
        in.maxFrames(),
        in.maxTargetLength(),
        in.vocabSize(),
        in.maxTargetLength() + 1,
        null,
        in.targetsView(),
        in.logitLengthsView(),
        in.targetLengthsView());
  }

  static LatticeRows of(PrunedRnntInputs in) {
    return new LatticeRows(
        in.logits(),
        in.batchSize(),
        in.maxFrames(),
        in.maxTargetLength(),
        in.vocabSize(),
        in.pruneRange(),
        in.rangeStartsView(),
        in.targetsView(),
        in.logitLengthsView(),
        in.targetLengthsView());
  }

  /** U+1, the label positions per frame of the lattice. */
  int labelPositions() {
    return maxLabels + 1;
  }

  /** Whether some cells of the lattice have no logits row (they are then dead: -inf edges). */
  boolean pruned() {
    return starts != null;
  }

  /** The label position of row 0 of frame {@code bt = b * T + t}. */
  int start(int bt) {
    return starts == null ? 0 : starts[bt];
  }

  /** Floats in the logits: B * T * width * V. */
  int logitCount() {
    return batch * frames * width * vocab;
  }
}

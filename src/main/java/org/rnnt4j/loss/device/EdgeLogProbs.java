package org.rnnt4j.loss.device;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;

/**
 * The first pass: per row, the log-softmax normaliser over V, and per lattice cell the only two
 * log-probabilities the transducer lattice needs, the blank's and the next label's ({@code
 * y_{u+1}}), gathered from the logits and normalised, so that log-softmax is never materialised at
 * the logits' size (torchaudio's "function merging"). Edges that do not exist (past an utterance's
 * lengths, or without a row in a pruned lattice) are {@code -inf}, which lets the lattice and the
 * gradient run on the padded batch with no further masking.
 *
 * <p>Labels are checked on the device ({@link CheckedLabels}); {@link #invalidLabels} is read by the
 * caller together with the losses.
 *
 * <p>Legend: B batch, T frames, U labels, W rows per frame, V classes.
 *
 * @param normalizers {@code log sum_k exp(x_k)} per row, (B, T, W)
 * @param blank {@code log P(blank | t, u)} per cell, (B, T, U+1)
 * @param label {@code log P(y_{u+1} | t, u)} per cell, (B, T, U+1), {@code -inf} at {@code u >=
 *     U_b}
 * @param rowLabels the class of each row's label edge ({@code y_{u+1}}, 0 where none), (B, T, W)
 *     int64
 * @param invalidLabels whether some label in {@code u < U_b} is out of range or the blank, () bool
 */
record EdgeLogProbs(
    Tensor normalizers, Tensor blank, Tensor label, Tensor rowLabels, Tensor invalidLabels) {

  /**
   * @param logits (B, T, W, V), detached
   * @param type the lattice's dtype
   */
  static EdgeLogProbs of(
      LatticeBatch batch,
      Tensor logits,
      RowLayout layout,
      LatticeMasks masks,
      int blankIndex,
      DType type) {
    int T = batch.maxFrames();
    int U = batch.maxLabels();
    int V = batch.vocab();
    Device device = batch.device();
    CheckedLabels labels =
        CheckedLabels.of(batch.labels(), batch.labelCounts(), U, V, blankIndex, device);
    Tensor safe = labels.safe(); // (B, U)
    Tensor rowLabels = layout.rowLabels(safe, T); // (B, T, W)
    Tensor normalizers = RowSweeps.normalizers(logits, type); // (B, T, W)
    Tensor blankRows = logits.select(3, blankIndex).to(type).sub(normalizers); // (B, T, W)
    Tensor labelRows =
        logits.gather(3, rowLabels.unsqueeze(3)).squeeze(3).to(type).sub(normalizers); // (B, T, W)
    double none = Double.NEGATIVE_INFINITY;
    return new EdgeLogProbs(
        normalizers,
        layout.toCells(blankRows, none).where(masks.cell(), none), // (B, T, U+1)
        layout.toCells(labelRows, none).where(masks.labelEdge(), none), // (B, T, U+1)
        rowLabels,
        labels.invalid());
  }
}

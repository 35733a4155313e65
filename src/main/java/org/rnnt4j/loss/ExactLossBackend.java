package org.rnnt4j.loss;

import org.rnnt4j.engine.Tensor;

/**
 * One implementation of the RNN-T loss on logit tensors, as {@link LossBackends} builds them. Every
 * method takes logits sized exactly to the lattice: (B, T, U+1, V) with {@code T = max T_b} and
 * {@code U = max U_b} for the exact loss ({@link TransducerLoss} narrows them first).
 *
 * <p>Legend: B batch, T frames, U labels, S pruned rows per frame, V classes with the blank.
 */
interface ExactLossBackend extends AutoCloseable {

  /** Losses and the gradient of {@code sum_b w_b L_b}, of the logits' shape, dtype and device. */
  record Gradient(PendingLosses losses, Tensor gradient) {}

  /**
   * @param logits (B, T, U+1, V)
   * @param targets (B, U') int64, {@code U' >= U}
   * @param frames {@code T_b}, (B)
   * @param labels {@code U_b}, (B)
   */
  PendingLosses losses(Tensor logits, Tensor targets, int[] frames, int[] labels);

  /**
   * @param logits (B, T, U+1, V)
   * @param weights {@code w_b}, (B)
   * @param inPlace whether the gradient may be written over the logits' memory (the result's
   *     gradient then shares it where the backend can)
   */
  Gradient lossAndGradient(
      Tensor logits, Tensor targets, int[] frames, int[] labels, double[] weights, boolean inPlace);

  /**
   * The pruned lattice (k2's {@code rnnt_loss_pruned}).
   *
   * @param logits (B, T, S, V), row {@code s} of frame {@code t} at label position {@code
   *     start(b, t) + s}
   * @param windows the starts, which leave every utterance a path (built so, or checked)
   * @param maxLabels U of the lattice
   */
  Gradient prunedLossAndGradient(
      Tensor logits,
      PruneWindows windows,
      Tensor targets,
      int maxLabels,
      int[] frames,
      int[] labels,
      double[] weights,
      boolean inPlace);

  @Override
  void close();
}

package org.rnnt4j.model;

import org.rnnt4j.loss.LossBackendChoice;
import org.rnnt4j.util.Checks;

/**
 * How training turns the encoder and prediction-network outputs into a loss: the flags {@code
 * --loss}, {@code --fuse_loss_wer} / {@code --fused_batch_size} and the pruning ones, bound once.
 *
 * @param loss exact or pruned
 * @param fusedBatchSize for the exact loss, the sub-batch the joint, loss and backward run over
 *     (NeMo's {@code fused_batch_size}); 0 for the whole batch at once. The pruned loss runs on the
 *     whole batch (its joint is already S/(U+1) of the exact one).
 * @param pruning settings of the pruned loss (read only with {@link LossKind#PRUNED})
 * @param lossBackend which RNN-T loss implementation computes the loss: {@link
 *     LossBackendChoice#AUTO} (the Java kernel on the CPU, libtorch operations on the model's
 *     device otherwise) or a forced one
 */
public record ObjectiveOptions(
    LossKind loss, int fusedBatchSize, PruningOptions pruning, LossBackendChoice lossBackend) {

  public ObjectiveOptions {
    Checks.notNull(loss, "loss");
    Checks.notNull(pruning, "pruning");
    Checks.notNull(lossBackend, "lossBackend");
    Checks.argument(
        fusedBatchSize >= 0,
        "--fused_batch_size must be > 0 (or fusing off), got %s",
        fusedBatchSize);
  }

  /** With the loss backend chosen by the device ({@link LossBackendChoice#AUTO}). */
  public ObjectiveOptions(LossKind loss, int fusedBatchSize, PruningOptions pruning) {
    this(loss, fusedBatchSize, pruning, LossBackendChoice.AUTO);
  }

  /** The exact loss over whole batches. */
  public static ObjectiveOptions exact() {
    return new ObjectiveOptions(LossKind.EXACT, 0, PruningOptions.defaults());
  }

  public ObjectiveOptions withLossBackend(LossBackendChoice newBackend) {
    return new ObjectiveOptions(loss, fusedBatchSize, pruning, newBackend);
  }
}

package org.rnnt4j.model;

import java.util.Map;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.encoder.Encoded;

/**
 * The training objective of a transducer: from the encoder output, the prediction-network output
 * and the targets to the loss the optimizer step backpropagates. It composes the joint network and
 * the RNN-T loss in one of three ways, one class each: {@link ExactObjective} (the whole (B, T, U+1,
 * V) joint), {@link FusedBatchObjective} (NeMo's {@code fuse_loss_wer}: the same over sub-batches)
 * and {@link PrunedObjective} (k2's pruned RNN-T).
 *
 * <p>To bound memory, an objective runs the joint's part of the backward pass itself, inside {@link
 * #compute}: the joint's parameters (and the objective's own) have their gradients accumulated on
 * return, and the returned loss tensor's {@code backward()} completes the pass into the encoder and
 * the prediction network. So {@code compute} must run with gradients enabled and be followed by
 * that {@code backward()} (or by clearing the gradients when the step is skipped), once per step.
 *
 * <p>Legend: B batch, H_enc / H_pred hidden sizes, T encoder frames, U labels, V vocabulary including the
 * blank.
 */
public interface TransducerObjective extends AutoCloseable {

  /**
   * The loss of one batch.
   *
   * @param loss a 0-d tensor whose value is {@code value} and whose {@code backward()} sends the
   *     gradient into the encoder and prediction network
   * @param value the optimised loss (with the configured reduction)
   * @param parts named components, for logging (e.g. {@code simple_loss}, {@code pruned_loss})
   */
  record Value(Tensor loss, double value, Map<String, Double> parts) {
    public Value {
      parts = Map.copyOf(parts);
    }
  }

  /**
   * @param encoded encoder output (B, H_enc, T) with its lengths (B)
   * @param predicted prediction network output (B, H_pred, U+1)
   * @param targets labels (B, U) and their lengths (B)
   * @param step optimizer steps taken so far (the pruned loss's warm-up reads it)
   */
  Value compute(Encoded encoded, Tensor predicted, Targets targets, long step);

  /**
   * Trainable parameters the objective owns besides the model's, by name (the pruned loss's simple
   * projections); they are optimised with the model's but are not part of it.
   */
  default Map<String, Tensor> parameters() {
    return Map.of();
  }

  @Override
  void close();
}

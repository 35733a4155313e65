package org.rnnt4j.model;

import java.util.Arrays;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.PendingLosses;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.joint.Joiner;

/**
 * The joint, the exact loss and their backward on a run of consecutive utterances, with every
 * tensor of the logits' size freed on return: the building block of {@link ExactObjective} (one run,
 * the whole batch) and {@link FusedBatchObjective} (runs of N). As NeMo's fused joint does, the
 * inputs are first narrowed to the run's longest frame and label counts.
 *
 * <p>The losses come back unread ({@link PendingLosses}): on a CUDA device nothing here waits for
 * the device, and the objective reads all its runs' losses in one copy.
 */
final class JointLossStep {
  private JointLossStep() {}

  /**
   * @param leaves the encoder (B, H_enc, T) and prediction (B, H_pred, U+1) outputs
   * @param labels (B, U) int64
   * @param lengths the batch's lengths
   * @param begin first utterance of the run
   * @param count utterances in the run
   * @param weights {@code d loss / d L_b} for the whole batch, (B)
   * @return {@code L_b} of the run's utterances, (count), unread
   */
  static PendingLosses run(
      Joiner joint,
      TransducerLoss loss,
      GradientLeaves leaves,
      Tensor labels,
      BatchLengths lengths,
      int begin,
      int count,
      double[] weights) {
    BatchLengths run = lengths.slice(begin, count);
    try (TensorScope scope = new TensorScope()) {
      Tensor encoded =
          leaves.encoded.narrow(0, begin, count).narrow(2, 0, run.maxFrames()); // (N, H, T')
      Tensor predicted =
          leaves.predicted.narrow(0, begin, count).narrow(2, 0, run.maxLabels() + 1); // (N, H, U'+1)
      Tensor logits;
      try (TensorScope joinScope = new TensorScope()) {
        // Frees the joint's pre-activation sum (N, T', U'+1, J) now: autograd does not need it.
        logits = joinScope.keep(joint.forward(encoded, predicted)); // (N, T', U'+1, V)
      }
      return loss.backward(
              logits,
              labels.narrow(0, begin, count),
              run.frames(),
              run.labels(),
              Arrays.copyOfRange(weights, begin, begin + count))
          .keptFrom(scope);
    }
  }
}

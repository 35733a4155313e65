package org.rnnt4j.model;

import java.util.Map;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.model.joint.Joiner;
import org.rnnt4j.util.Checks;

/**
 * The exact RNN-T loss over the whole batch's joint (B, T, U+1, V), reduced as the conf's {@code
 * rnnt_reduction} says: NeMo's unfused training step. The loss's gradient is written over the
 * logits' memory and sent into the joint at once ({@link TransducerLoss#backwardInPlace}), so the
 * step's peak holds the logits once, plus the joint's hidden activations.
 *
 * <p>The loss backend follows the logits' device ({@link TransducerLoss}'s choice): on a CUDA device
 * the logits and their gradient never leave it; per step the host reads the (B) frame and label
 * lengths (once, {@link BatchLengths}) and the (B) losses (once, after the joint's backward has been
 * queued), and uploads the (B) weights.
 */
public final class ExactObjective implements TransducerObjective {
  private final Joiner joint;
  private final TransducerLoss loss;

  /**
   * @param joint the model's joint network
   * @param loss the exact loss with its reduction; owned (closed with this objective)
   */
  public ExactObjective(Joiner joint, TransducerLoss loss) {
    this.joint = Checks.notNull(joint, "joint");
    this.loss = Checks.notNull(loss, "loss");
  }

  @Override
  public Value compute(Encoded encoded, Tensor predicted, Targets targets, long step) {
    BatchLengths lengths = BatchLengths.of(encoded, predicted, targets);
    Reduction reduction = loss.reduction();
    double[] weights = reduction.gradientWeights(lengths.labels());
    GradientLeaves leaves = new GradientLeaves(encoded.values(), predicted);
    double[] losses =
        JointLossStep.run(
                joint, loss, leaves, targets.labels(), lengths, 0, lengths.batchSize(), weights)
            .read(); // the step's one wait for the device
    double value = reduction.reduce(losses, lengths.labels());
    return new Value(leaves.loss(value), value, Map.of());
  }

  @Override
  public void close() {
    loss.close();
  }
}

package org.rnnt4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.PendingLosses;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.model.joint.Joiner;
import org.rnnt4j.util.Checks;

/**
 * NeMo's fused batch step ({@code joint.fuse_loss_wer} with {@code fused_batch_size}, {@code
 * RNNTJoint.forward}'s fused path): the joint and the exact loss run over sub-batches of N
 * utterances, each narrowed to its own longest frame and label counts, so that the joint's tensors
 * scale with N instead of B.
 *
 * <p>The value is NeMo's: per-utterance losses of all sub-batches, concatenated and reduced with the
 * batch's {@code rnnt_reduction} ({@code RNNTLoss.reduce(losses, target_lengths)}), so it equals the
 * unfused loss for {@code mean_batch}, {@code sum}, {@code mean} and {@code mean_volume} alike. Each
 * sub-batch's backward uses the whole batch's weights {@code d loss / d L_b}, which makes the
 * gradients the unfused step's (up to float summation order). Unlike NeMo, which keeps every
 * sub-batch's graph until the model's backward, each sub-batch's backward runs before the next
 * sub-batch starts: that is what keeps the peak at N utterances' joint.
 *
 * <p>On a CUDA device (the tensor-ops loss backend) no sub-batch waits for the device: their losses
 * stay there until all are queued, and the host reads the B losses in one copy; as for {@link
 * ExactObjective}, logits and gradients never leave the device.
 */
public final class FusedBatchObjective implements TransducerObjective {
  private final Joiner joint;
  private final TransducerLoss loss;
  private final int subBatch;

  /**
   * @param joint the model's joint network
   * @param loss the exact loss with its reduction; owned
   * @param subBatch N, utterances per sub-batch ({@code fused_batch_size}), at least 1
   */
  public FusedBatchObjective(Joiner joint, TransducerLoss loss, int subBatch) {
    Checks.argument(subBatch >= 1, "fused_batch_size must be >= 1, got %s", subBatch);
    this.joint = Checks.notNull(joint, "joint");
    this.loss = Checks.notNull(loss, "loss");
    this.subBatch = subBatch;
  }

  public int subBatch() {
    return subBatch;
  }

  @Override
  public Value compute(Encoded encoded, Tensor predicted, Targets targets, long step) {
    BatchLengths lengths = BatchLengths.of(encoded, predicted, targets);
    Reduction reduction = loss.reduction();
    double[] weights = reduction.gradientWeights(lengths.labels());
    GradientLeaves leaves = new GradientLeaves(encoded.values(), predicted);
    int B = lengths.batchSize();
    List<PendingLosses> parts = new ArrayList<>();
    for (int begin = 0; begin < B; begin += subBatch) {
      int count = Math.min(subBatch, B - begin);
      parts.add(
          JointLossStep.run(joint, loss, leaves, targets.labels(), lengths, begin, count, weights));
    }
    double[] losses = PendingLosses.concat(parts).read(); // one wait for the device per step
    double value = reduction.reduce(losses, lengths.labels());
    return new Value(leaves.loss(value), value, Map.of());
  }

  @Override
  public void close() {
    loss.close();
  }
}

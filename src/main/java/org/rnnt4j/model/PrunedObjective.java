package org.rnnt4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import java.util.List;
import org.rnnt4j.loss.PendingLosses;
import org.rnnt4j.loss.PruneWindows;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.SimpleTransducerLoss;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.model.joint.Joiner;
import org.rnnt4j.model.joint.SimpleJoiner;
import org.rnnt4j.util.Checks;

/**
 * Pruned RNN-T (Kuang et al. 2022, arXiv:2206.13236; icefall's {@code
 * pruned_transducer_stateless7}): the simple joiner's loss ({@link SimpleTransducerLoss}) gives
 * edge posteriors, those give S label positions per frame ({@link PruneWindows}), and the full joint
 * runs only there, (B, T, S, V) logits instead of (B, T, U+1, V), for the exact loss on that pruned
 * lattice ({@link TransducerLoss#backward(Tensor, PruneWindows, Tensor, int, int[], int[],
 * double[])}). Both losses are trained: {@code simpleScale(step) * simple + prunedScale(step) *
 * pruned} ({@link PruningOptions}), each reduced with the conf's {@code rnnt_reduction}.
 *
 * <p>Trade-off: the joint's memory and time fall by about S/(U+1) (a few percent at S = 4, U = 60),
 * for a loss that only sees paths inside the windows (it is an upper bound of the exact loss, equal
 * to it when S > U) and two extra (H, V) projections to train. The windows come from the simple
 * joiner, so while it has not learnt alignments they are poor: hence the warm-up.
 *
 * <p>As in icefall, the joint's input projections run before pruning (on (B, T, J) and (B, U+1, J))
 * and the pruned prediction outputs are gathered from them.
 *
 * <p>Every piece follows the loss's backend choice ({@link TransducerLoss#backendChoice}): on a
 * CUDA device the simple loss's lattice and posteriors, the windows ({@link PruneWindows}) and the
 * pruned lattice stay there, and per step the host reads the (B) lengths and, once, the 2B losses
 * of both parts; on the CPU the Java kernels run as before.
 */
public final class PrunedObjective implements TransducerObjective {
  private final Joiner joint;
  private final SimpleJoiner simpleJoiner;
  private final TransducerLoss loss;
  private final SimpleTransducerLoss simpleLoss;
  private final PruningOptions options;

  /**
   * @param joint the model's joint network
   * @param simpleJoiner the simple projections (trained with the model; see {@link #parameters})
   * @param loss the exact loss with its reduction, run on the pruned lattice; owned
   * @param options prune range, simple-loss scale, warm-up and smoothing
   */
  public PrunedObjective(
      Joiner joint, SimpleJoiner simpleJoiner, TransducerLoss loss, PruningOptions options) {
    this.joint = Checks.notNull(joint, "joint");
    this.simpleJoiner = Checks.notNull(simpleJoiner, "simpleJoiner");
    this.loss = Checks.notNull(loss, "loss");
    this.options = Checks.notNull(options, "options");
    this.simpleLoss =
        new SimpleTransducerLoss(
            options.lmOnlyScale(), options.amOnlyScale(), loss.backendChoice());
  }

  public PruningOptions options() {
    return options;
  }

  @Override
  public Value compute(Encoded encoded, Tensor predicted, Targets targets, long step) {
    BatchLengths lengths = BatchLengths.of(encoded, predicted, targets);
    int B = lengths.batchSize();
    int T = lengths.maxFrames();
    int U = lengths.maxLabels();
    Reduction reduction = loss.reduction();
    double[] weights = reduction.gradientWeights(lengths.labels());
    double simpleScale = options.simpleScale(step);
    double prunedScale = options.prunedScale(step);
    GradientLeaves leaves = new GradientLeaves(encoded.values(), predicted);
    double[] simpleLosses;
    double[] prunedLosses;
    int width;
    try (TensorScope scope = new TensorScope()) {
      Tensor enc = leaves.encoded.narrow(2, 0, T).transpose(1, 2); // (B, T, H_enc)
      Tensor pred = leaves.predicted.narrow(2, 0, U + 1).transpose(1, 2); // (B, U+1, H_pred)
      SimpleTransducerLoss.Value simple =
          simpleLoss.compute(
              simpleJoiner.am(enc), simpleJoiner.lm(pred), targets.labels(), lengths.frames(),
              lengths.labels());
      if (simpleScale > 0) {
        simple.backward(scaled(weights, simpleScale));
      }
      PruneWindows windows =
          simple.windows(options.pruneRange(), lengths.frames(), lengths.labels());
      width = windows.width();
      Tensor am = joint.projectEncoder(enc); // (B, T, J)
      Tensor lm = joint.projectPrediction(pred); // (B, U+1, J)
      long J = am.size(2);
      Tensor index =
          windows.positions().reshape(B, (long) T * width, 1).expand(B, (long) T * width, J); // (B, T*S, J)
      Tensor lmPruned = lm.gather(1, index).reshape(B, T, width, J); // (B, T, S, J)
      Tensor logits;
      try (TensorScope joinScope = new TensorScope()) {
        logits = joinScope.keep(joint.joinProjected(am.unsqueeze(2), lmPruned)); // (B, T, S, V)
      }
      PendingLosses pruned =
          loss.backward(
              logits, windows, targets.labels(), U, lengths.frames(), lengths.labels(),
              scaled(weights, prunedScale));
      double[] both = PendingLosses.concat(List.of(simple.losses(), pruned)).read(); // one wait
      simpleLosses = java.util.Arrays.copyOfRange(both, 0, B);
      prunedLosses = java.util.Arrays.copyOfRange(both, B, 2 * B);
    }
    double simpleValue = reduction.reduce(simpleLosses, lengths.labels());
    double prunedValue = reduction.reduce(prunedLosses, lengths.labels());
    double value = simpleScale * simpleValue + prunedScale * prunedValue;
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("simple_loss", simpleValue);
    parts.put("pruned_loss", prunedValue);
    parts.put("prune_range", (double) width);
    return new Value(leaves.loss(value), value, parts);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return simpleJoiner.namedParameters();
  }

  private static double[] scaled(double[] weights, double scale) {
    double[] out = new double[weights.length];
    for (int b = 0; b < weights.length; b++) {
      out[b] = weights[b] * scale;
    }
    return out;
  }

  @Override
  public void close() {
    loss.close();
  }
}

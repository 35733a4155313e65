package org.rnnt4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.PruneRanges;
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
 * edge posteriors, those give S label positions per frame ({@link PruneRanges}), and the full joint
 * runs only there, (B, T, S, V) logits instead of (B, T, U+1, V), for the exact loss on that pruned
 * lattice ({@link TransducerLoss#backwardInPlace(Tensor, PruneRanges, Tensor, int, int[], int[],
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
    this.simpleLoss = new SimpleTransducerLoss(options.lmOnlyScale(), options.amOnlyScale());
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
      simpleLosses = simple.perUtterance();
      if (simpleScale > 0) {
        simple.backward(scaled(weights, simpleScale));
      }
      PruneRanges ranges =
          PruneRanges.fromPosteriors(
              simple.posteriors(), options.pruneRange(), lengths.frames(), lengths.labels());
      width = ranges.width();
      Tensor am = joint.projectEncoder(enc); // (B, T, J)
      Tensor lm = joint.projectPrediction(pred); // (B, U+1, J)
      long J = am.size(2);
      Tensor index =
          Tensor.ofLongs(positions(ranges), B, (long) T * width, 1)
              .to(am.device())
              .expand(B, (long) T * width, J); // (B, T*S, J)
      Tensor lmPruned = lm.gather(1, index).reshape(B, T, width, J); // (B, T, S, J)
      Tensor logits;
      try (TensorScope joinScope = new TensorScope()) {
        logits = joinScope.keep(joint.joinProjected(am.unsqueeze(2), lmPruned)); // (B, T, S, V)
      }
      prunedLosses =
          loss.backwardInPlace(
                  logits, ranges, targets.labels(), U, lengths.frames(), lengths.labels(),
                  scaled(weights, prunedScale))
              .perUtterance();
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

  /** The label position of every (b, t, s), for gathering the prediction outputs, (B, T*S). */
  private static long[] positions(PruneRanges ranges) {
    int B = ranges.batchSize();
    int T = ranges.maxFrames();
    int S = ranges.width();
    long[] out = new long[B * T * S];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < T; t++) {
        for (int s = 0; s < S; s++) {
          out[(b * T + t) * S + s] = ranges.start(b, t) + s;
        }
      }
    }
    return out;
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

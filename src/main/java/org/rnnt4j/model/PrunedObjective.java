package org.rnnt4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import java.util.ArrayList;
import java.util.Arrays;
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
 * and the pruned prediction outputs are gathered from them. The pruned joint and its loss run in chunks
 * of utterances ({@link #CHUNK_LOGIT_BYTES} of logits each), after the simple loss's tensors are freed.
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
  private final long chunkLogitBytes;

  /**
   * @param joint the model's joint network
   * @param simpleJoiner the simple projections (trained with the model; see {@link #parameters})
   * @param loss the exact loss with its reduction, run on the pruned lattice; owned
   * @param options prune range, simple-loss scale, warm-up and smoothing
   */
  public PrunedObjective(
      Joiner joint, SimpleJoiner simpleJoiner, TransducerLoss loss, PruningOptions options) {
    this(joint, simpleJoiner, loss, options, CHUNK_LOGIT_BYTES);
  }

  /** With another budget for each chunk of the pruned joint's logits (tests: one utterance per chunk). */
  PrunedObjective(
      Joiner joint, SimpleJoiner simpleJoiner, TransducerLoss loss, PruningOptions options, long chunkLogitBytes) {
    this.chunkLogitBytes = chunkLogitBytes;
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
  public Value compute(Encoded encoded, Tensor predicted, Targets targets, long step, double gradientScale) {
    BatchLengths lengths = BatchLengths.of(encoded, predicted, targets);
    int B = lengths.batchSize();
    int T = lengths.maxFrames();
    int U = lengths.maxLabels();
    Reduction reduction = loss.reduction();
    double[] weights = GradientLeaves.scaled(reduction.gradientWeights(lengths.labels()), gradientScale);
    double simpleScale = options.simpleScale(step);
    double prunedScale = options.prunedScale(step);
    GradientLeaves leaves = new GradientLeaves(encoded.values(), predicted);
    double[] simpleLosses;
    double[] prunedLosses;
    int width;
    try (TensorScope scope = new TensorScope()) {
      Tensor enc = leaves.encoded.narrow(2, 0, T).transpose(1, 2); // (B, T, H_enc)
      Tensor pred = leaves.predicted.narrow(2, 0, U + 1).transpose(1, 2); // (B, U+1, H_pred)
      PendingLosses simpleParts;
      PruneWindows windows;
      try (TensorScope simpleScope = new TensorScope()) { // the simple lattice and its gradients go before the joint
        SimpleTransducerLoss.Value simple =
            simpleLoss.compute(
                simpleJoiner.am(enc), simpleJoiner.lm(pred), targets.labels(), lengths.frames(),
                lengths.labels());
        if (simpleScale > 0) {
          simple.backward(GradientLeaves.scaled(weights, simpleScale));
        }
        PruneWindows found = simple.windows(options.pruneRange(), lengths.frames(), lengths.labels());
        windows = new PruneWindows(simpleScope.handOver(found.starts()), found.width());
        simpleParts = simple.losses().keptFrom(simpleScope);
      }
      width = windows.width();
      int chunk = chunkUtterances(B, T, width, joint.numClassesWithBlank(), chunkLogitBytes);
      double[] prunedWeights = GradientLeaves.scaled(weights, prunedScale);
      List<PendingLosses> parts = new ArrayList<>(List.of(simpleParts)); // the simple losses, then each chunk's
      for (int b0 = 0; b0 < B; b0 += chunk) {
        int n = Math.min(chunk, B - b0);
        try (TensorScope chunkScope = new TensorScope()) { // this chunk's (n, T, S, V) logits go before the next
          Tensor am = joint.projectEncoder(enc.narrow(0, b0, n)); // (n, T, J)
          Tensor lm = joint.projectPrediction(pred.narrow(0, b0, n)); // (n, U+1, J)
          long J = am.size(2);
          PruneWindows part = new PruneWindows(windows.starts().narrow(0, b0, n), width);
          Tensor index = part.positions().reshape(n, (long) T * width, 1).expand(n, (long) T * width, J); // (n, T*S, J)
          Tensor lmPruned = lm.gather(1, index).reshape(n, T, width, J); // (n, T, S, J)
          Tensor logits;
          try (TensorScope joinScope = new TensorScope()) {
            logits = joinScope.keep(joint.joinProjected(am.unsqueeze(2), lmPruned)); // (n, T, S, V)
          }
          parts.add(
              loss.backward(
                      logits, part, targets.labels().narrow(0, b0, n), U,
                      Arrays.copyOfRange(lengths.frames(), b0, b0 + n),
                      Arrays.copyOfRange(lengths.labels(), b0, b0 + n),
                      Arrays.copyOfRange(prunedWeights, b0, b0 + n))
                  .keptFrom(chunkScope));
        }
      }
      double[] both = PendingLosses.concat(parts).read(); // one wait
      simpleLosses = Arrays.copyOfRange(both, 0, B);
      prunedLosses = Arrays.copyOfRange(both, B, 2 * B);
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


  @Override
  public void close() {
    loss.close();
  }

  /**
   * The pruned joint's logits are made for at most this many bytes of utterances at a time (and the
   * simple loss's tensors are freed before): on the recipe's dummy ContextNet (T = 1008, V = 1025, S = 4,
   * 16.5 MB of logits per utterance) the step's peak resident set fell from 1127 MB to 986-1000 MB, for
   * 5-10% more time. The losses are those of one whole-batch joint (2.7e-9 relative).
   */
  static final long CHUNK_LOGIT_BYTES = 64L << 20;

  /** Utterances per chunk: as many as fit {@code budget} bytes of float32 logits, at least 1, at most the batch. */
  static int chunkUtterances(int batch, int frames, int width, long vocabulary, long budget) {
    long perUtterance = (long) frames * width * vocabulary * Float.BYTES;
    return (int) Math.max(1, Math.min(batch, budget / Math.max(1, perUtterance)));
  }
}

package org.rnnt4j.loss;

import java.nio.FloatBuffer;
import org.rnnt4j.util.Checks;

/**
 * The exact RNN-T (transducer) loss on raw joint logits, with log-softmax fused inside: the numbers
 * of {@code torchaudio.functional.rnnt_loss} and of NeMo's {@code RNNTLoss} ({@code
 * warprnnt_numba}, with {@code fastemit_lambda} and {@code clamp}), computed on the CPU in pure
 * Java.
 *
 * <p>Shape legend: B batch, T max frames, U max target length, V classes including the blank.
 *
 * <p>The work is two sweeps over the logits (the memory-bound part, parallel over {@code (b, t)}
 * rows) around a small double-precision lattice: {@link LatticeLogProbs} (log-softmax normaliser,
 * blank and next-label log-probs per cell), {@link TransducerLattice} (alpha, beta,
 * log-likelihood), then {@link GradientSweep} (the gradient, written once per row). Nothing of the
 * logits' size is allocated. Results are bit-identical for every thread count.
 *
 * <p>Holds up to {@code threads - 1} daemon worker threads, started on first use and released by
 * {@link #close()}. One instance may be used from several threads.
 */
public final class RnntLoss implements AutoCloseable {
  private final RnntLossOptions options;
  private final ParallelRows pool;

  public RnntLoss(RnntLossOptions options) {
    this.options = Checks.notNull(options, "options");
    this.pool = new ParallelRows(options.threads());
  }

  /** NeMo's defaults: blank last, no FastEmit, no clamp, one thread per processor. */
  public RnntLoss() {
    this(RnntLossOptions.defaults());
  }

  public RnntLossOptions options() {
    return options;
  }

  /**
   * Per-utterance losses only (one sweep over the logits, no beta, no gradient).
   *
   * @param inputs logits (B, T, U+1, V) with targets and lengths
   * @return {@code L_b}, (B)
   */
  public double[] losses(RnntInputs inputs) {
    return run(inputs, null, null).perUtterance();
  }

  /**
   * The reduced loss without a gradient.
   *
   * @param inputs logits (B, T, U+1, V) with targets and lengths
   * @param reduction how to reduce; {@link Reduction#NONE} is rejected (use {@link #losses})
   */
  public LossResult loss(RnntInputs inputs, Reduction reduction) {
    reduction.requireScalar();
    LossResult raw = run(inputs, null, null);
    return new LossResult(
        raw.perUtterance(), reduction.reduce(raw.perUtterance(), inputs.targetLengthsView()));
  }

  /**
   * The reduced loss and its gradient with respect to the logits.
   *
   * @param inputs logits (B, T, U+1, V) with targets and lengths
   * @param reduction how to reduce; {@link Reduction#NONE} is rejected (pass weights instead)
   * @param gradient receives d(value)/d logits, (B, T, U+1, V): its remaining floats, fully
   *     overwritten (zeros outside each utterance); may be {@code inputs.logits()} itself to work
   *     in place
   */
  public LossResult lossAndGradient(RnntInputs inputs, Reduction reduction, FloatBuffer gradient) {
    reduction.requireScalar();
    LossResult raw = run(inputs, reduction.gradientWeights(inputs.targetLengthsView()), gradient);
    return new LossResult(
        raw.perUtterance(), reduction.reduce(raw.perUtterance(), inputs.targetLengthsView()));
  }

  /**
   * Per-utterance losses and the gradient of {@code sum_b weights[b] * L_b} with respect to the
   * logits: the backward of an unreduced loss, {@code weights} being its upstream gradient.
   *
   * @param inputs logits (B, T, U+1, V) with targets and lengths
   * @param weights {@code w_b}, (B)
   * @param gradient receives the gradient, (B, T, U+1, V), as for the {@link Reduction} overload
   * @return the losses, with {@code value = sum_b w_b L_b}
   */
  public LossResult lossAndGradient(RnntInputs inputs, double[] weights, FloatBuffer gradient) {
    Checks.notNull(weights, "weights");
    Checks.argument(
        weights.length == inputs.batchSize(),
        "weights must be (B) = (%s), got %s",
        inputs.batchSize(),
        weights.length);
    return run(inputs, weights.clone(), Checks.notNull(gradient, "gradient"));
  }

  /**
   * Per-utterance losses of the pruned lattice (k2's {@code rnnt_loss_pruned}): only the {@code S}
   * label positions of each frame's range have logits; paths through other cells do not count.
   *
   * @param inputs pruned logits (B, T, S, V) with their ranges, targets and lengths
   * @return {@code L_b}, (B)
   */
  public double[] losses(PrunedRnntInputs inputs) {
    Checks.notNull(inputs, "inputs");
    return run(LatticeRows.of(inputs), null, null).perUtterance();
  }

  /**
   * Per-utterance losses of the pruned lattice and the gradient of {@code sum_b weights[b] * L_b}
   * with respect to the pruned logits.
   *
   * @param inputs pruned logits (B, T, S, V) with their ranges, targets and lengths
   * @param weights {@code w_b}, (B)
   * @param gradient receives the gradient, (B, T, S, V), fully overwritten; may be {@code
   *     inputs.logits()} itself
   * @return the losses, with {@code value = sum_b w_b L_b}
   */
  public LossResult lossAndGradient(
      PrunedRnntInputs inputs, double[] weights, FloatBuffer gradient) {
    Checks.notNull(inputs, "inputs");
    Checks.notNull(weights, "weights");
    Checks.argument(
        weights.length == inputs.batchSize(),
        "weights must be (B) = (%s), got %s",
        inputs.batchSize(),
        weights.length);
    return run(LatticeRows.of(inputs), weights.clone(), Checks.notNull(gradient, "gradient"));
  }

  private LossResult run(RnntInputs inputs, double[] weights, FloatBuffer gradient) {
    Checks.notNull(inputs, "inputs");
    return run(LatticeRows.of(inputs), weights, gradient);
  }

  /** The one path every entry point takes; {@code weights == null} means no gradient. */
  private LossResult run(LatticeRows rows, double[] weights, FloatBuffer gradient) {
    int blankIndex = options.blankFor(rows.vocab());
    checkTargetsAreNotBlank(rows, blankIndex);
    FloatBuffer gradientView = null;
    if (gradient != null) {
      Checks.argument(!gradient.isReadOnly(), "gradient buffer must be writable");
      Checks.argument(
          gradient.remaining() == rows.logitCount(),
          "gradient buffer has %s floats remaining, expected the logits' B*T*%s*V = %s",
          gradient.remaining(),
          rows.pruned() ? "S" : "(U+1)",
          rows.logitCount());
      gradientView = gradient.slice();
    }
    LatticeLogProbs logProbs = LatticeLogProbs.compute(rows, blankIndex, gradientView, pool);
    TransducerLattice lattice =
        TransducerLattice.compute(
            rows.batch(),
            rows.frames(),
            rows.labelPositions(),
            rows.logitLengths(),
            rows.targetLengths(),
            logProbs,
            gradient != null,
            pool);
    double scale = 1 + options.fastemitLambda();
    double[] losses = new double[rows.batch()];
    double value = 0;
    for (int b = 0; b < losses.length; b++) {
      losses[b] = -scale * lattice.logLikelihood[b];
      value += weights == null ? 0 : weights[b] * losses[b];
    }
    if (gradientView != null) {
      GradientSweep.run(
          rows,
          blankIndex,
          logProbs,
          lattice,
          weights,
          options.fastemitLambda(),
          options.clamp(),
          gradientView,
          pool);
    }
    return new LossResult(losses, value);
  }

  private static void checkTargetsAreNotBlank(LatticeRows rows, int blankIndex) {
    int[] targets = rows.targets();
    int[] lengths = rows.targetLengths();
    int U = rows.maxLabels();
    for (int b = 0; b < rows.batch(); b++) {
      for (int u = 0; u < lengths[b]; u++) {
        Checks.argument(
            targets[b * U + u] != blankIndex,
            "targets[%s][%s] is the blank (%s); labels must be non-blank ids in [0, V) = [0, %s)",
            b,
            u,
            blankIndex,
            rows.vocab());
      }
    }
  }

  /** Stops the worker threads (a later call starts them again). */
  @Override
  public void close() {
    pool.close();
  }
}

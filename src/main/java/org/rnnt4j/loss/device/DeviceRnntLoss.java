package org.rnnt4j.loss.device;

import java.util.Arrays;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * The exact RNN-T loss (and k2's pruned one) written in libtorch operations, so that it runs on the
 * logits' device, whatever it is: the same numbers as the pure-Java CPU kernel ({@code
 * org.rnnt4j.loss.RnntLoss}), torchaudio's {@code rnnt_loss} and NeMo's {@code RNNTLoss} with {@code
 * fastemit_lambda} and {@code clamp}.
 *
 * <p>Four stages: {@link EdgeLogProbs} (row log-sum-exp over V, blank and label gathers: one read of
 * the logits), {@link DiagonalLattice} (alpha, and for a gradient beta, by anti-diagonals: {@code T
 * + U} steps over (B, U+1) vectors), {@link GradientTerms} (occupancies and edge posteriors in closed
 * form) and {@link RowSweeps#writeGradient} (one pass that writes the gradient, in place over the
 * logits when the caller allows it). Peak memory is then the logits once, plus (B, T, U+1) lattice
 * tensors and blocks of at most {@link RowSweeps#BLOCK_ELEMENTS} elements.
 *
 * <p>What crosses between host and device: nothing here waits for the device. The lengths and
 * weights (B values each) are uploaded without blocking; the per-utterance losses and the label
 * check stay on the device in the {@link Result} until its reader copies them (the one
 * synchronisation of a step). The host never sees the logits, the gradient or the lattice.
 *
 * <p>Precision: the passes over V run in float32 (float64 for float64 logits; bfloat16 and float16
 * logits are upcast block by block), the lattice in {@code latticeType}: float64 by default, which
 * CUDA supports and which matches the Java kernel's double-precision lattice to ~1e-7, at no cost
 * that matters since the lattice is (B, T, U+1), not (B, T, U+1, V); float32 is NeMo's and
 * torchaudio's choice and what "the loss and the lattice in float32" of mixed precision requires as
 * a minimum.
 *
 * <p>Legend: B batch, T frames, U labels, W rows per frame (U+1 exact, S pruned), V classes.
 */
public final class DeviceRnntLoss {
  private final int blank;
  private final double fastemitLambda;
  private final double clamp;
  private final DType latticeType;

  /**
   * Per-utterance results still on the device.
   *
   * @param perUtterance {@code L_b = -(1 + lambda) log P(y_b | x_b)}, (B) float64
   * @param invalidLabels true when some label in {@code u < U_b} was out of {@code [0, V)} or the
   *     blank (the results are then meaningless), () bool
   */
  public record Result(Tensor perUtterance, Tensor invalidLabels) {}

  /**
   * @param blank the blank's class index, or -1 for the last class
   * @param fastemitLambda FastEmit's lambda, 0 for none
   * @param clamp gradient clamp, {@code <= 0} for none
   * @param latticeType FLOAT64 or FLOAT32
   */
  public DeviceRnntLoss(int blank, double fastemitLambda, double clamp, DType latticeType) {
    Checks.argument(blank >= -1, "blank must be a class index or -1 (last), got %s", blank);
    Checks.argument(
        fastemitLambda >= 0 && Double.isFinite(fastemitLambda),
        "fastemitLambda must be finite and >= 0, got %s",
        fastemitLambda);
    Checks.argument(
        latticeType == DType.FLOAT64 || latticeType == DType.FLOAT32,
        "the lattice runs in FLOAT64 or FLOAT32, got %s",
        latticeType);
    this.blank = blank;
    this.fastemitLambda = fastemitLambda;
    this.clamp = clamp;
    this.latticeType = latticeType;
  }

  public DType latticeType() {
    return latticeType;
  }

  /** The losses only: one read of the logits and alpha. */
  public Result losses(LatticeBatch batch) {
    return run(batch, null, null, false);
  }

  /**
   * The losses and the gradient of {@code sum_b weights[b] * L_b} with respect to the logits.
   *
   * @param weights {@code w_b}, (B): the reduction's weights or the upstream gradient
   * @param gradient receives the gradient, (B, T, W, V) of the logits' dtype on their device, every
   *     element written (zeros outside each utterance); null to write it over the logits' own
   *     memory (the caller must not need their values any more; autograd nodes that saved them will
   *     refuse to run, since the version counter moves)
   */
  public Result lossAndGradient(LatticeBatch batch, double[] weights, Tensor gradient) {
    Checks.notNull(weights, "weights");
    Checks.argument(
        weights.length == batch.batch(),
        "weights must be (B) = (%s), got %s",
        batch.batch(),
        weights.length);
    if (gradient != null) {
      Checks.argument(
          Arrays.equals(gradient.shape(), batch.logits().shape())
              && gradient.dtype() == batch.logits().dtype()
              && gradient.device().equals(batch.device()),
          "gradient must be %s %s on %s like the logits, got %s %s on %s",
          batch.logits().dtype(),
          batch.logits().shapeString(),
          batch.device(),
          gradient.dtype(),
          gradient.shapeString(),
          gradient.device());
    }
    return run(batch, weights, gradient, true);
  }

  private Result run(LatticeBatch batch, double[] weights, Tensor gradient, boolean withGradient) {
    Checks.notNull(batch, "batch");
    int V = batch.vocab();
    int blankIndex = blank < 0 ? V - 1 : blank;
    Checks.argument(
        blankIndex < V, "blank %s is not a class of logits with V = %s classes", blankIndex, V);
    int T = batch.maxFrames();
    int U = batch.maxLabels();
    Tensor logits = batch.logits().detach(); // shares memory and version counter
    RowLayout layout =
        batch.starts() == null ? RowLayout.exact(U) : RowLayout.pruned(U, batch.starts(), batch.width());
    LatticeMasks masks = LatticeMasks.of(batch.frameTensor(), batch.labelCountTensor(), T, U);
    EdgeLogProbs lp = EdgeLogProbs.of(batch, logits, layout, masks, blankIndex, latticeType);
    Tensor alpha = DiagonalLattice.alpha(lp); // (B, T, U+1)
    Tensor logLikelihood = DiagonalLattice.logLikelihood(alpha, lp, masks); // (B)
    Tensor losses = logLikelihood.mul(-(1 + fastemitLambda)).to(DType.FLOAT64); // (B)
    if (withGradient) {
      Tensor beta = DiagonalLattice.beta(lp, masks); // (B, T, U+1)
      GradientTerms terms =
          GradientTerms.of(lp, masks, alpha, beta, logLikelihood, fastemitLambda);
      writeGradient(batch, logits, layout, lp, terms, blankIndex, weights, gradient);
    }
    return new Result(losses, lp.invalidLabels());
  }

  private void writeGradient(
      LatticeBatch batch,
      Tensor logits,
      RowLayout layout,
      EdgeLogProbs lp,
      GradientTerms terms,
      int blankIndex,
      double[] weights,
      Tensor gradient) {
    Device device = batch.device();
    int B = batch.batch();
    Tensor w = Tensor.ofDoubles(weights, B).to(device, true).to(latticeType); // (B)
    Tensor logScale = terms.logScale(); // (B, T, U+1)
    Tensor blankMass = terms.blankMass();
    Tensor labelMass = terms.labelMass();
    // Without a clamp, positive finite weights fold into the row scale and the masses (no extra
    // pass over the logits); with one, as in NeMo and the Java kernel, they come after clamping.
    boolean fold = clamp <= 0 && Arrays.stream(weights).allMatch(x -> x > 0 && Double.isFinite(x));
    if (fold) {
      Tensor perCell = w.view(B, 1, 1); // (B, 1, 1)
      logScale = logScale.add(perCell.log());
      blankMass = blankMass.mul(perCell);
      labelMass = labelMass.mul(perCell);
    }
    RowSweeps.writeGradient(
        logits,
        gradient,
        layout.toRows(logScale).sub(lp.normalizers()), // (B, T, W)
        layout.toRows(blankMass), // (B, T, W)
        layout.toRows(labelMass), // (B, T, W)
        lp.rowLabels(),
        blankIndex,
        clamp,
        fold ? null : w);
  }
}

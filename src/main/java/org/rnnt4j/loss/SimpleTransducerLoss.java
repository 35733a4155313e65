package org.rnnt4j.loss;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.device.CheckedLabels;
import org.rnnt4j.loss.device.EdgeLattice;
import org.rnnt4j.util.Checks;

/**
 * The "simple" RNN-T loss of pruned RNN-T training (k2's {@code rnnt_loss_smoothed}, {@code
 * rnnt_loss_simple} when both smoothing scales are 0): the joiner is just an addition, {@code
 * logits(t, u) = am(t) + lm(u)}, so the log-softmax normaliser of every lattice cell is one matrix
 * product, {@code N(u, t) = log sum_k exp(lm(u, k) + am(t, k))}, and the (B, T, U+1, V) logits are
 * never formed. Its edge posteriors give the pruning bounds ({@link PruneRanges#fromPosteriors}); the
 * loss itself is also trained, as a regulariser (icefall's {@code simple_loss}).
 *
 * <p>The edge log-probabilities {@code px} (labels) and {@code py} (blanks) are built with engine
 * operations, so that autograd carries their gradient into {@code am}, {@code lm} and the layers
 * behind them; the lattice runs on the backend {@link LossBackends} picks for their device (the
 * Java {@link LatticeRecursion} on the CPU, {@link EdgeLattice} elsewhere), and its posteriors are
 * the gradient of {@code log P} with respect to {@code px} and {@code py}. On a CUDA device nothing
 * of the simple loss crosses to the host: labels are checked there, the posteriors, the backward
 * and the prune windows ({@link Value#windows}) stay there, and the losses are read with the
 * pruned loss's.
 *
 * <p>With smoothing (k2's {@code lm_only_scale}, {@code am_only_scale}) the edge scores are {@code
 * (1 - lm - am) * combined + lm * lm_only + am * am_only}, where {@code lm_only} normalises {@code
 * lm} alone and {@code am_only} normalises {@code am} plus the batch's unigram of {@code
 * softmax(lm)}, as k2 defines them.
 *
 * <p>Legend: B batch, T frames, U labels, V classes with the blank LAST.
 */
public final class SimpleTransducerLoss {
  private final double lmOnlyScale;
  private final double amOnlyScale;
  private final LossBackendChoice backend;

  /**
   * @param lmOnlyScale k2's {@code lm_only_scale} (icefall's {@code --lm-scale}), in [0, 1]
   * @param amOnlyScale k2's {@code am_only_scale} (icefall's {@code --am-scale}), in [0, 1]
   */
  public SimpleTransducerLoss(double lmOnlyScale, double amOnlyScale) {
    this(lmOnlyScale, amOnlyScale, LossBackendChoice.AUTO);
  }

  /**
   * @param backend where the lattice runs: the Java recursion (CPU tensors only) or tensor ops
   */
  public SimpleTransducerLoss(double lmOnlyScale, double amOnlyScale, LossBackendChoice backend) {
    Checks.argument(
        lmOnlyScale >= 0 && amOnlyScale >= 0 && lmOnlyScale + amOnlyScale <= 1,
        "smoothing scales must be >= 0 with lm + am <= 1, got lm %s, am %s",
        lmOnlyScale,
        amOnlyScale);
    this.lmOnlyScale = lmOnlyScale;
    this.amOnlyScale = amOnlyScale;
    this.backend = Checks.notNull(backend, "backend");
  }

  /**
   * The loss of one batch with its edge posteriors, on the edges' device; its gradient is applied
   * by {@link #backward}.
   */
  public static final class Value {
    private final PendingLosses losses;
    private final Tensor blankPosterior;
    private final Tensor labelPosterior;
    private final Tensor px;
    private final Tensor py;
    private final EdgePosteriors host;

    /**
     * @param losses {@code L_b = -log P(y_b | x_b)} under the simple joiner, (B)
     * @param blankPosterior (B, T, U+1) on the edges' device
     * @param labelPosterior (B, T, U+1), 0 at {@code u >= U_b}
     * @param px label-edge log-probabilities (B, T, U) with autograd history, or null when U = 0
     * @param py blank-edge log-probabilities (B, T, U+1) with autograd history
     * @param host the same posteriors on the host when the Java recursion made them, else null
     */
    Value(
        PendingLosses losses,
        Tensor blankPosterior,
        Tensor labelPosterior,
        Tensor px,
        Tensor py,
        EdgePosteriors host) {
      this.losses = losses;
      this.blankPosterior = blankPosterior;
      this.labelPosterior = labelPosterior;
      this.px = px;
      this.py = py;
      this.host = host;
    }

    /** {@code L_b}, unread (on a CUDA device, reading is a synchronisation). */
    public PendingLosses losses() {
      return losses;
    }

    /** {@code L_b} on the host, (B). */
    public double[] perUtterance() {
      return losses.read();
    }

    /** The label-edge log-probabilities (B, T, U), or null when U = 0. */
    public Tensor px() {
      return px;
    }

    /** The blank-edge log-probabilities (B, T, U+1). */
    public Tensor py() {
      return py;
    }

    /** The edge posteriors on the host (a copy from the device unless the Java recursion ran). */
    public EdgePosteriors posteriors() {
      if (host != null) {
        return host;
      }
      int B = (int) blankPosterior.size(0);
      int T = (int) blankPosterior.size(1);
      int U = (int) blankPosterior.size(2) - 1;
      double[] logLikelihood = losses.read();
      for (int b = 0; b < B; b++) {
        logLikelihood[b] = -logLikelihood[b];
      }
      return new EdgePosteriors(
          B, T, U, logLikelihood, blankPosterior.toDoubleArray(), labelPosterior.toDoubleArray());
    }

    /**
     * The pruned loss's windows from these posteriors: on the host with {@link
     * PruneRanges#fromPosteriors} when the Java recursion ran, else on the device.
     *
     * @param requested S asked for
     * @param logitLengths {@code T_b}, (B)
     * @param targetLengths {@code U_b}, (B)
     */
    public PruneWindows windows(int requested, int[] logitLengths, int[] targetLengths) {
      if (host != null) {
        return PruneWindows.of(
            PruneRanges.fromPosteriors(host, requested, logitLengths, targetLengths), py.device());
      }
      return PruneWindows.fromPosteriors(
          blankPosterior, labelPosterior, requested, logitLengths, targetLengths);
    }

    /**
     * Back-propagates {@code sum_b weights[b] * L_b} into {@code am} and {@code lm}: the gradient
     * with respect to an edge score is {@code -w_b} times its posterior.
     *
     * @param weights {@code w_b}, (B)
     */
    public void backward(double[] weights) {
      int B = (int) py.size(0);
      Checks.argument(weights.length == B, "weights must be (B) = (%s), got %s", B, weights.length);
      Tensor w =
          Tensor.ofDoubles(weights, B).to(py.device(), true).to(py.dtype()).neg().view(B, 1, 1);
      Tensor surrogate = py.mul(blankPosterior.to(py.dtype()).mul(w)).sum(); // sum of g * py
      if (px != null) {
        int U = (int) px.size(2);
        Tensor gx = labelPosterior.narrow(2, 0, U).to(px.dtype()).mul(w); // (B, T, U)
        surrogate = surrogate.add(px.mul(gx).sum());
      }
      surrogate.backward();
    }
  }

  /**
   * @param am acoustic part of the simple joiner's logits (B, T, V), float32
   * @param lm label-context part (B, U+1, V), float32
   * @param targets (B, U') int64 with {@code U' >= U = max U_b}; padding ignored
   * @param logitLengths {@code T_b} in {@code 1..T}, (B)
   * @param targetLengths {@code U_b}, (B); the lattice has {@code U = lm.size(1) - 1} labels
   */
  public Value compute(
      Tensor am, Tensor lm, Tensor targets, int[] logitLengths, int[] targetLengths) {
    Checks.argument(
        am.dim() == 3 && lm.dim() == 3 && am.size(0) == lm.size(0) && am.size(2) == lm.size(2),
        "am must be (B, T, V) and lm (B, U+1, V), got %s and %s",
        am.shapeString(),
        lm.shapeString());
    int B = (int) am.size(0);
    int T = (int) am.size(1);
    int U = (int) lm.size(1) - 1;
    int V = (int) am.size(2);
    int blank = V - 1;
    Device device = am.device();
    boolean onHost = LossBackends.resolve(backend, device) == LossBackend.JAVA_KERNEL;
    Tensor index = null;
    Tensor invalid = null;
    if (onHost) {
      int[] symbols = TransducerLoss.narrowTargets(targets, B, U);
      RnntInputs.checkLabels(B, T, U, V, symbols, logitLengths, targetLengths);
      index = Tensor.ofLongs(gatherIndex(symbols, targetLengths, U), B, U); // (B, U)
    } else {
      Checks.argument(
          targets.dim() == 2 && targets.size(0) == B && targets.size(1) >= U,
          "targets must be (B, U') = (%s, >= %s), got %s",
          B,
          U,
          targets.shapeString());
      CheckedLabels labels = CheckedLabels.of(targets, targetLengths, U, V, blank, device);
      index = labels.safe(); // (B, U)
      invalid = labels.invalid();
    }

    // Every edge tensor is laid out (B, T, U+1) like the lattice, and the normaliser is the product
    // am @ lm^T: OpenBLAS's batched product with the 61-row lm first was 50x slower at the
    // benchmark shape.
    Tensor amMax = am.detach().maxValues(2, true); // (B, T, 1)
    Tensor lmMax = lm.detach().maxValues(2, true); // (B, U+1, 1)
    Tensor amProbs = am.sub(amMax).exp(); // (B, T, V)
    Tensor lmProbs = lm.sub(lmMax).exp(); // (B, U+1, V)
    Tensor normalizers =
        amProbs
            .matmul(lmProbs.transpose(1, 2))
            .add(Float.MIN_NORMAL) // k2's finfo.tiny: log(0) never happens
            .log()
            .add(amMax)
            .add(lmMax.transpose(1, 2)); // (B, T, U+1)
    Tensor pyAm = am.select(2, blank).unsqueeze(2); // (B, T, 1)
    Tensor pyLm = lm.select(2, blank).unsqueeze(1); // (B, 1, U+1)
    Tensor py = pyAm.add(pyLm).sub(normalizers); // (B, T, U+1)
    Tensor px = null;
    Tensor pxAm = null;
    Tensor pxLm = null;
    if (U > 0) {
      pxAm = am.gather(2, index.unsqueeze(1).expand(B, T, U)); // (B, T, U)
      pxLm = lm.narrow(1, 0, U).gather(2, index.unsqueeze(2)).transpose(1, 2); // (B, 1, U)
      px = pxAm.add(pxLm).sub(normalizers.narrow(2, 0, U)); // (B, T, U)
    }
    if (lmOnlyScale > 0 || amOnlyScale > 0) {
      double combined = 1 - lmOnlyScale - amOnlyScale;
      Tensor lmNormalizers = lmProbs.sum(2, true); // (B, U+1, 1)
      Tensor unigram =
          lmProbs.div(lmNormalizers).mean(0, true).mean(1, true).add(Float.MIN_NORMAL); // (1, 1, V)
      Tensor amOnlyNormalizers =
          amProbs
              .reshape((long) B * T, V)
              .matmul(unigram.reshape(V))
              .reshape(B, T, 1)
              .log()
              .add(amMax); // (B, T, 1)
      Tensor logUnigram = unigram.log(); // (1, 1, V)
      Tensor lmOnlyNormalizers = lmNormalizers.log().add(lmMax).transpose(1, 2); // (B, 1, U+1)
      Tensor pyAmOnly =
          pyAm.add(logUnigram.select(2, blank).unsqueeze(2)).sub(amOnlyNormalizers); // (B, T, 1)
      Tensor pyLmOnly = pyLm.sub(lmOnlyNormalizers); // (B, 1, U+1)
      py = py.mul(combined).add(pyLmOnly.mul(lmOnlyScale)).add(pyAmOnly.mul(amOnlyScale));
      if (U > 0) {
        Tensor pxUnigram =
            logUnigram.expand(B, U, V).gather(2, index.unsqueeze(2)).transpose(1, 2); // (B, 1, U)
        Tensor pxAmOnly = pxAm.add(pxUnigram).sub(amOnlyNormalizers); // (B, T, U)
        Tensor pxLmOnly = pxLm.sub(lmOnlyNormalizers.narrow(2, 0, U)); // (B, 1, U)
        px = px.mul(combined).add(pxLmOnly.mul(lmOnlyScale)).add(pxAmOnly.mul(amOnlyScale));
      }
    }
    if (!onHost) {
      EdgeLattice.Posteriors p =
          EdgeLattice.compute(py, px, logitLengths, targetLengths, DType.FLOAT64);
      PendingLosses losses = PendingLosses.onDevice(p.logLikelihood().neg(), invalid);
      return new Value(losses, p.blank(), p.label(), px, py, null);
    }
    double[] blankLogProbs = cells(py, B, T, U + 1, U);
    double[] labelLogProbs = px == null ? new double[B * T * (U + 1)] : cells(px, B, T, U, U);
    EdgePosteriors posteriors =
        LatticeRecursion.compute(blankLogProbs, labelLogProbs, T, U, logitLengths, targetLengths);
    double[] losses = new double[B];
    for (int b = 0; b < B; b++) {
      losses[b] = -posteriors.logLikelihood()[b];
    }
    return new Value(
        PendingLosses.onHost(losses),
        Tensor.ofDoubles(posteriors.blank(), B, T, U + 1),
        Tensor.ofDoubles(posteriors.label(), B, T, U + 1),
        px,
        py,
        posteriors);
  }

  /** Edge scores (B, T, columns) to the lattice's cell layout (B, T, U+1), in double (CPU only). */
  private static double[] cells(Tensor scores, int B, int T, int columns, int U) {
    float[] values = scores.detach().to(DType.FLOAT32).to(Device.CPU).contiguous().toFloatArray();
    double[] out = new double[B * T * (U + 1)];
    for (int bt = 0; bt < B * T; bt++) {
      for (int c = 0; c < columns; c++) {
        out[bt * (U + 1) + c] = values[bt * columns + c];
      }
    }
    return out;
  }

  /** The labels as gather indices, padding (any value) replaced by class 0. */
  private static long[] gatherIndex(int[] symbols, int[] targetLengths, int U) {
    long[] out = new long[symbols.length];
    for (int b = 0; b < targetLengths.length; b++) {
      for (int u = 0; u < targetLengths[b]; u++) {
        out[b * U + u] = symbols[b * U + u];
      }
    }
    return out;
  }
}

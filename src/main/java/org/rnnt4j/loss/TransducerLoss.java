package org.rnnt4j.loss;

import java.util.EnumMap;
import java.util.Map;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * The exact RNN-T loss as a differentiable engine operation, on whichever {@link LossBackend} suits
 * the logits' device ({@link LossBackends#resolve}): the losses and the gradient of the reduced loss
 * come from one backend call, and the gradient is either injected into autograd through a
 * surrogate ({@link #compute}) or written over the logits and back-propagated at once ({@link
 * #backwardInPlace}). As NeMo does, {@link #compute} first narrows the logits to the longest valid
 * frame count and label count of the batch.
 *
 * <p>What crosses between host and device per call, with logits on a CUDA device (the tensor-ops
 * backend): to the device, the B frame and label counts and the B weights, without waiting; to the
 * host, the B losses (and the device's label check), one copy, which is the call's only
 * synchronisation ({@link #backward} leaves even that to its caller). Logits, gradients and the
 * lattice never leave the device. The lengths themselves are read by the caller (or, in {@link
 * #compute}, here) from their (B) tensors. On the CPU the Java kernel reads the logits' memory in
 * place.
 *
 * <p>Legend: B batch, T frames, U labels, S pruned rows per frame, V classes including the blank
 * (the last class).
 */
public final class TransducerLoss implements AutoCloseable {
  private final Reduction reduction;
  private final RnntLossOptions options;
  private final LossBackendChoice choice;
  private final Map<LossBackend, ExactLossBackend> backends = new EnumMap<>(LossBackend.class);

  /** The reduced loss (a scalar tensor carrying the gradient) and the per-utterance values. */
  public record Value(Tensor loss, double value, double[] perUtterance) {}

  /** With the backend picked by the logits' device ({@link LossBackendChoice#AUTO}). */
  public TransducerLoss(Reduction reduction, double fastemitLambda, double clamp) {
    this(reduction, fastemitLambda, clamp, LossBackendChoice.AUTO);
  }

  /**
   * @param reduction how per-utterance losses become the loss ({@code rnnt_reduction})
   * @param fastemitLambda NeMo's {@code fastemit_lambda}, 0 for none
   * @param clamp NeMo's {@code clamp} of the gradient, {@code <= 0} for none
   * @param choice the backend, or AUTO
   */
  public TransducerLoss(
      Reduction reduction, double fastemitLambda, double clamp, LossBackendChoice choice) {
    this.reduction = Checks.notNull(reduction, "reduction");
    this.options =
        RnntLossOptions.defaults().withFastemitLambda(fastemitLambda).withClamp(clamp);
    this.choice = Checks.notNull(choice, "choice");
  }

  public Reduction reduction() {
    return reduction;
  }

  public LossBackendChoice backendChoice() {
    return choice;
  }

  /** The backend this loss uses for logits on {@code device}. */
  public LossBackend backendFor(Device device) {
    return LossBackends.resolve(choice, device);
  }

  /**
   * The reduced loss. When the logits require a gradient, its backward yields {@code d loss / d
   * logits} (through a surrogate that holds the logits, the gradient and their product); when they
   * do not (evaluation), only the losses are computed.
   *
   * @param logits raw joint logits (B, T, U+1, V), V-1 = blank
   * @param targets (B, U) int64 label ids, padding ignored
   * @param logitLengths (B) int64 valid frames
   * @param targetLengths (B) int64 valid labels
   * @return the reduced loss as a 0-d tensor on the logits' device
   */
  public Value compute(Tensor logits, Tensor targets, Tensor logitLengths, Tensor targetLengths) {
    reduction.requireScalar();
    Checks.argument(logits.dim() == 4, "logits must be (B, T, U+1, V), got %s", logits.shapeString());
    int[] tLens = toInts(logitLengths.toLongArray());
    int[] uLens = toInts(targetLengths.toLongArray());
    int batch = (int) logits.size(0);
    Checks.argument(tLens.length == batch && uLens.length == batch, "lengths must be (B) = (%s)", batch);
    int maxT = max(tLens);
    int maxU = max(uLens);
    Checks.argument(maxT <= logits.size(1), "a logit length %s exceeds T = %s", maxT, logits.size(1));
    Checks.argument(maxU + 1 <= logits.size(2), "a target length %s exceeds U = %s", maxU, logits.size(2) - 1);
    Tensor narrowed = logits.narrow(1, 0, maxT).narrow(2, 0, maxU + 1); // (B, T', U'+1, V)
    ExactLossBackend backend = backend(logits.device());
    if (!logits.requiresGrad()) {
      double[] losses = backend.losses(narrowed, targets, tLens, uLens).read();
      double value = reduction.reduce(losses, uLens);
      return new Value(Tensor.scalar((float) value).to(logits.device(), true), value, losses);
    }
    ExactLossBackend.Gradient g =
        backend.lossAndGradient(
            narrowed, targets, tLens, uLens, reduction.gradientWeights(uLens), false);
    double[] losses = g.losses().read();
    double value = reduction.reduce(losses, uLens);
    Tensor surrogate = narrowed.mul(g.gradient()).sum(); // d/d logits = gradient
    Tensor loss = surrogate.sub(surrogate.detach()).add(value);
    return new Value(loss, value, losses);
  }

  /** The first {@code maxU} columns of (B, U') int64 targets, row-major (CPU targets only). */
  static int[] narrowTargets(Tensor targets, int batch, int maxU) {
    long[] all = targets.toLongArray();
    int width = targets.dim() == 2 ? (int) targets.size(1) : 0;
    Checks.argument(width >= maxU, "targets have %s columns, a target length is %s", width, maxU);
    int[] out = new int[batch * maxU];
    for (int b = 0; b < batch; b++) {
      for (int u = 0; u < maxU; u++) {
        out[b * maxU + u] = (int) all[b * width + u];
      }
    }
    return out;
  }

  /**
   * The training backward of the exact loss, lean on memory: computes the losses, writes {@code
   * d(sum_b weights[b] * L_b) / d logits} over the logits' own memory and back-propagates it into
   * the graph behind them ({@code logits.backward(gradient)}). A step then holds one tensor of the
   * logits' size where {@link #compute}'s surrogate holds three (logits, gradient and their
   * product).
   *
   * <p>The logits' values are overwritten, so no autograd node may have saved them; the output of a
   * linear layer (the joint's last) is safe. Misuse fails loudly: the logits' version counter is
   * bumped, which autograd checks for every saved tensor. (The Java kernel, on CPU logits that are
   * not contiguous float32, works on a float32 copy and leaves them intact.)
   *
   * <p>The losses are not read here: on a CUDA device, {@link PendingLosses#read} is the
   * synchronisation, and a caller with several sub-batches reads them once.
   *
   * @param logits raw joint logits (B, T, U+1, V) with autograd history, V-1 = blank; exactly sized
   *     (T and U+1 may exceed the lengths, padding gets a zero gradient)
   * @param targets (B, U') int64 with {@code U' >= U}, padding ignored
   * @param logitLengths {@code T_b} in {@code 1..T}, (B)
   * @param targetLengths {@code U_b} in {@code 0..U}, (B)
   * @param weights {@code w_b}, the gradient of the caller's loss with respect to {@code L_b}, (B)
   * @return the per-utterance losses, unread
   */
  public PendingLosses backward(
      Tensor logits, Tensor targets, int[] logitLengths, int[] targetLengths, double[] weights) {
    Checks.argument(logits.dim() == 4, "logits must be (B, T, U+1, V), got %s", logits.shapeString());
    ExactLossBackend.Gradient g =
        backend(logits.device())
            .lossAndGradient(logits, targets, logitLengths, targetLengths, weights, true);
    backpropagate(logits, g.gradient());
    return g.losses();
  }

  /**
   * As {@link #backward}, reading the losses.
   *
   * @return the per-utterance losses, {@code value = sum_b w_b L_b}
   */
  public LossResult backwardInPlace(
      Tensor logits, Tensor targets, int[] logitLengths, int[] targetLengths, double[] weights) {
    double[] losses = backward(logits, targets, logitLengths, targetLengths, weights).read();
    return new LossResult(losses, weighted(losses, weights));
  }

  /**
   * As {@link #backwardInPlace(Tensor, Tensor, int[], int[], double[])} for the pruned lattice (k2's
   * {@code rnnt_loss_pruned}): logits only for the {@code S} label positions of each frame's window.
   *
   * @param prunedLogits raw joint logits (B, T, S, V) with autograd history; row {@code (b, t, s)}
   *     is label position {@code ranges.start(b, t) + s}
   * @param ranges the windows, (B, T) starts of width S
   * @param targets (B, U') int64 with {@code U' >= U}
   * @param maxTargetLength U, the lattice's labels (the ranges' starts are at most {@code U+1-S})
   * @param logitLengths {@code T_b}, (B)
   * @param targetLengths {@code U_b}, (B)
   * @param weights {@code w_b}, (B)
   */
  public LossResult backwardInPlace(
      Tensor prunedLogits,
      PruneRanges ranges,
      Tensor targets,
      int maxTargetLength,
      int[] logitLengths,
      int[] targetLengths,
      double[] weights) {
    // Host ranges are checked here, for either backend: the tensor-ops lattice trusts its windows.
    PrunedRnntInputs.checkRanges(ranges, maxTargetLength, logitLengths, targetLengths);
    double[] losses =
        backward(
                prunedLogits, PruneWindows.of(ranges, prunedLogits.device()), targets,
                maxTargetLength, logitLengths, targetLengths, weights)
            .read();
    return new LossResult(losses, weighted(losses, weights));
  }

  /**
   * As {@link #backward(Tensor, Tensor, int[], int[], double[])} for the pruned lattice, with the
   * windows on the device ({@link PruneWindows#fromPosteriors}, which builds them with a path for
   * every utterance); the losses are left unread.
   *
   * @param prunedLogits raw joint logits (B, T, S, V) with autograd history
   * @param windows the starts (B, T) of width S
   * @param targets (B, U') int64 with {@code U' >= U}
   * @param maxTargetLength U
   * @param logitLengths {@code T_b}, (B)
   * @param targetLengths {@code U_b}, (B)
   * @param weights {@code w_b}, (B)
   */
  public PendingLosses backward(
      Tensor prunedLogits,
      PruneWindows windows,
      Tensor targets,
      int maxTargetLength,
      int[] logitLengths,
      int[] targetLengths,
      double[] weights) {
    Checks.argument(
        prunedLogits.dim() == 4
            && prunedLogits.size(0) == windows.batchSize()
            && prunedLogits.size(1) == windows.maxFrames()
            && prunedLogits.size(2) == windows.width(),
        "pruned logits must be (B, T, S, V) = (%s, %s, %s, V), got %s",
        windows.batchSize(),
        windows.maxFrames(),
        windows.width(),
        prunedLogits.shapeString());
    ExactLossBackend.Gradient g =
        backend(prunedLogits.device())
            .prunedLossAndGradient(
                prunedLogits, windows, targets, maxTargetLength, logitLengths, targetLengths,
                weights, true);
    backpropagate(prunedLogits, g.gradient());
    return g.losses();
  }

  private synchronized ExactLossBackend backend(Device device) {
    return backends.computeIfAbsent(backendFor(device), b -> LossBackends.create(b, options));
  }

  /** {@code gradient} holds d loss / d logits (in the logits' memory or a copy); sends it back. */
  private static void backpropagate(Tensor logits, Tensor gradient) {
    // A one-element in-place op on a view shares the version counter of the logits when the memory
    // is theirs (the Java kernel writes through a buffer, which autograd does not see): autograd then
    // refuses to use logits that some node saved and that now hold the gradient.
    gradient.narrow(0, 0, 1).narrow(1, 0, 1).narrow(2, 0, 1).narrow(3, 0, 1).mulInPlace(1.0);
    logits.backward(gradient.to(logits.device()).to(logits.dtype()));
  }

  private static double weighted(double[] losses, double[] weights) {
    double value = 0;
    for (int b = 0; b < losses.length; b++) {
      value += weights[b] * losses[b];
    }
    return value;
  }

  private static int[] toInts(long[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Math.toIntExact(values[i]);
    }
    return out;
  }

  private static int max(int[] values) {
    int m = 0;
    for (int v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  @Override
  public synchronized void close() {
    backends.values().forEach(ExactLossBackend::close);
    backends.clear();
  }
}

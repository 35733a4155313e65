package org.rnnt4j.loss;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * The exact RNN-T loss as a differentiable engine operation: {@link RnntLoss} computes the losses and
 * the gradient of the reduced loss in one fused sweep over the logits' CPU memory, and the gradient is
 * injected into autograd through a surrogate whose value is the loss and whose derivative with respect
 * to the logits is that gradient. As NeMo does, the logits are first narrowed to the longest valid frame
 * count and label count of the batch.
 *
 * <p>Legend: B batch, T frames, U labels, V classes including the blank (the last class).
 */
public final class TransducerLoss implements AutoCloseable {
  private final RnntLoss kernel;
  private final Reduction reduction;

  /** The reduced loss (a scalar tensor carrying the gradient) and the per-utterance values. */
  public record Value(Tensor loss, double value, double[] perUtterance) {}

  public TransducerLoss(Reduction reduction, double fastemitLambda, double clamp) {
    this.reduction = Checks.notNull(reduction, "reduction");
    this.kernel =
        new RnntLoss(RnntLossOptions.defaults().withFastemitLambda(fastemitLambda).withClamp(clamp));
  }

  public Reduction reduction() {
    return reduction;
  }

  /**
   * @param logits raw joint logits (B, T, U+1, V), V-1 = blank
   * @param targets (B, U) int64 label ids, padding ignored
   * @param logitLengths (B) int64 valid frames
   * @param targetLengths (B) int64 valid labels
   * @return the reduced loss as a 0-d tensor whose backward yields d loss / d logits
   */
  public Value compute(Tensor logits, Tensor targets, Tensor logitLengths, Tensor targetLengths) {
    Checks.argument(logits.dim() == 4, "logits must be (B, T, U+1, V), got %s", logits.shapeString());
    int[] tLens = toInts(logitLengths.toLongArray());
    int[] uLens = toInts(targetLengths.toLongArray());
    int batch = (int) logits.size(0);
    Checks.argument(tLens.length == batch && uLens.length == batch, "lengths must be (B) = (%s)", batch);
    int maxT = max(tLens);
    int maxU = max(uLens);
    Checks.argument(maxT <= logits.size(1), "a logit length %s exceeds T = %s", maxT, logits.size(1));
    Checks.argument(maxU + 1 <= logits.size(2), "a target length %s exceeds U = %s", maxU, logits.size(2) - 1);
    int vocab = (int) logits.size(3);
    Tensor narrowed = logits.narrow(1, 0, maxT).narrow(2, 0, maxU + 1); // (B, T', U'+1, V)
    Device device = logits.device();
    Tensor cpu = narrowed.detach().to(DType.FLOAT32).to(Device.CPU).contiguous();
    int[] labels = narrowTargets(targets, batch, maxU);
    RnntInputs inputs = new RnntInputs(cpu.floatBuffer(), batch, maxT, maxU, vocab, labels, tLens, uLens);
    Tensor grad = Tensor.zeros(DType.FLOAT32, batch, maxT, maxU + 1, vocab);
    LossResult result = kernel.lossAndGradient(inputs, reduction, grad.floatBuffer());
    Tensor gradOnDevice = grad.to(device).to(narrowed.dtype());
    Tensor surrogate = narrowed.mul(gradOnDevice).sum(); // d/d logits = grad
    Tensor loss = surrogate.sub(surrogate.detach()).add(result.value());
    return new Value(loss, result.value(), result.perUtterance());
  }

  /** The first {@code maxU} columns of (B, U') int64 targets, row-major. */
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
   * The training backward of the exact loss, lean on memory: computes the losses, writes {@code d(sum_b
   * weights[b] * L_b) / d logits} over the logits' own memory and back-propagates it into the graph
   * behind them ({@code logits.backward(gradient)}). A step then holds one tensor of the logits'
   * size where {@link #compute}'s surrogate holds three (logits, gradient and their product).
   *
   * <p>The logits' values are overwritten, so no autograd node may have saved them; the output of a
   * linear layer (the joint's last) is safe. Misuse fails loudly: the logits' version counter is
   * bumped, which autograd checks for every saved tensor. CUDA or non-float32 logits go through a CPU
   * float32 copy, and are left intact.
   *
   * @param logits raw joint logits (B, T, U+1, V) with autograd history, V-1 = blank; exactly sized
   *     (T and U+1 may exceed the lengths, padding gets a zero gradient)
   * @param targets (B, U') int64 with {@code U' >= U}, padding ignored
   * @param logitLengths {@code T_b} in {@code 1..T}, (B)
   * @param targetLengths {@code U_b} in {@code 0..U}, (B)
   * @param weights {@code w_b}, the gradient of the caller's loss with respect to {@code L_b}, (B)
   * @return the per-utterance losses, {@code value = sum_b w_b L_b}
   */
  public LossResult backwardInPlace(
      Tensor logits, Tensor targets, int[] logitLengths, int[] targetLengths, double[] weights) {
    Checks.argument(logits.dim() == 4, "logits must be (B, T, U+1, V), got %s", logits.shapeString());
    int batch = (int) logits.size(0);
    int U = (int) logits.size(2) - 1;
    Tensor values = cpuFloat(logits);
    RnntInputs inputs =
        new RnntInputs(
            values.floatBuffer(), batch, (int) logits.size(1), U, (int) logits.size(3),
            narrowTargets(targets, batch, U), logitLengths, targetLengths);
    LossResult result = kernel.lossAndGradient(inputs, weights, values.floatBuffer());
    backpropagate(logits, values);
    return result;
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
    Checks.argument(
        prunedLogits.dim() == 4
            && prunedLogits.size(0) == ranges.batchSize()
            && prunedLogits.size(1) == ranges.maxFrames()
            && prunedLogits.size(2) == ranges.width(),
        "pruned logits must be (B, T, S, V) = (%s, %s, %s, V), got %s",
        ranges.batchSize(),
        ranges.maxFrames(),
        ranges.width(),
        prunedLogits.shapeString());
    Tensor values = cpuFloat(prunedLogits);
    PrunedRnntInputs inputs =
        new PrunedRnntInputs(
            values.floatBuffer(), maxTargetLength, (int) prunedLogits.size(3),
            narrowTargets(targets, ranges.batchSize(), maxTargetLength), logitLengths, targetLengths,
            ranges);
    LossResult result = kernel.lossAndGradient(inputs, weights, values.floatBuffer());
    backpropagate(prunedLogits, values);
    return result;
  }

  /** The logits as contiguous CPU float32: themselves (shared memory) when they already are. */
  private static Tensor cpuFloat(Tensor logits) {
    return logits.detach().to(DType.FLOAT32).to(Device.CPU).contiguous();
  }

  /** {@code gradient} holds d loss / d logits (in the logits' memory or a copy); sends it back. */
  private static void backpropagate(Tensor logits, Tensor gradient) {
    // A one-element in-place op shares the version counter of the logits when the memory is theirs:
    // autograd then refuses to use logits that some node saved and that now hold the gradient.
    gradient.flatten(0, 3).narrow(0, 0, 1).mulInPlace(1.0);
    logits.backward(gradient.to(logits.device()).to(logits.dtype()));
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
  public void close() {
    kernel.close();
  }
}

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

  private static int[] narrowTargets(Tensor targets, int batch, int maxU) {
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

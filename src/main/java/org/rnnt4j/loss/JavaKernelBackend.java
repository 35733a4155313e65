package org.rnnt4j.loss;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * {@link LossBackend#JAVA_KERNEL}: {@link RnntLoss} on the logits' CPU float32 memory. Contiguous
 * float32 logits are read (and, in place, overwritten) where they lie; other dtypes go through a
 * float32 copy. CPU tensors only: {@link LossBackends} never picks it for another device, and it
 * refuses one rather than copying across PCIe.
 */
final class JavaKernelBackend implements ExactLossBackend {
  private final RnntLoss kernel;

  JavaKernelBackend(RnntLossOptions options) {
    this.kernel = new RnntLoss(options);
  }

  @Override
  public PendingLosses losses(Tensor logits, Tensor targets, int[] frames, int[] labels) {
    Tensor values = cpuFloat(logits);
    return PendingLosses.onHost(kernel.losses(inputs(values, logits, targets, frames, labels)));
  }

  @Override
  public Gradient lossAndGradient(
      Tensor logits, Tensor targets, int[] frames, int[] labels, double[] weights, boolean inPlace) {
    Tensor values = cpuFloat(logits);
    Tensor gradient = inPlace ? values : Tensor.empty(DType.FLOAT32, logits.shape());
    LossResult r =
        kernel.lossAndGradient(
            inputs(values, logits, targets, frames, labels), weights, gradient.floatBuffer());
    return new Gradient(PendingLosses.onHost(r.perUtterance()), gradient.to(logits.dtype()));
  }

  @Override
  public Gradient prunedLossAndGradient(
      Tensor logits,
      PruneWindows windows,
      Tensor targets,
      int maxLabels,
      int[] frames,
      int[] labels,
      double[] weights,
      boolean inPlace) {
    Tensor values = cpuFloat(logits);
    PruneRanges ranges = windows.toHost(); // a CPU tensor: no copy across devices
    PrunedRnntInputs in =
        new PrunedRnntInputs(
            values.floatBuffer(), maxLabels, (int) logits.size(3),
            TransducerLoss.narrowTargets(targets, ranges.batchSize(), maxLabels), frames, labels,
            ranges);
    Tensor gradient = inPlace ? values : Tensor.empty(DType.FLOAT32, logits.shape());
    LossResult r = kernel.lossAndGradient(in, weights, gradient.floatBuffer());
    return new Gradient(PendingLosses.onHost(r.perUtterance()), gradient.to(logits.dtype()));
  }

  private static RnntInputs inputs(
      Tensor values, Tensor logits, Tensor targets, int[] frames, int[] labels) {
    int B = (int) logits.size(0);
    int U = (int) logits.size(2) - 1;
    return new RnntInputs(
        values.floatBuffer(), B, (int) logits.size(1), U, (int) logits.size(3),
        TransducerLoss.narrowTargets(targets, B, U), frames, labels);
  }

  /** The logits as contiguous CPU float32: themselves (shared memory) when they already are. */
  private static Tensor cpuFloat(Tensor logits) {
    Checks.argument(
        !logits.device().isCuda(),
        "the Java RNN-T loss kernel runs on CPU tensors only, got logits on %s (use the %s backend)",
        logits.device(),
        LossBackend.TENSOR_OPS.flagName());
    return logits.detach().to(DType.FLOAT32).contiguous();
  }

  @Override
  public void close() {
    kernel.close();
  }
}

package org.rnnt4j.loss;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.device.DeviceRnntLoss;
import org.rnnt4j.loss.device.LatticeBatch;

/**
 * {@link LossBackend#TENSOR_OPS}: {@link DeviceRnntLoss} with a float64 lattice, on whatever
 * device the logits are. The losses stay on that device ({@link PendingLosses}); the gradient is
 * written over the logits when allowed, else into one new tensor of their shape and dtype.
 */
final class TensorOpsBackend implements ExactLossBackend {
  private final DeviceRnntLoss loss;

  TensorOpsBackend(RnntLossOptions options) {
    this.loss =
        new DeviceRnntLoss(
            options.blank(), options.fastemitLambda(), options.clamp(), DType.FLOAT64);
  }

  @Override
  public PendingLosses losses(Tensor logits, Tensor targets, int[] frames, int[] labels) {
    return pending(loss.losses(exact(logits, targets, frames, labels)));
  }

  @Override
  public Gradient lossAndGradient(
      Tensor logits, Tensor targets, int[] frames, int[] labels, double[] weights, boolean inPlace) {
    Tensor gradient = inPlace ? null : logits.newEmpty(logits.shape());
    DeviceRnntLoss.Result r =
        loss.lossAndGradient(exact(logits, targets, frames, labels), weights, gradient);
    return new Gradient(pending(r), inPlace ? logits.detach() : gradient);
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
    Tensor starts = windows.starts().to(logits.device(), true); // (B, T)
    LatticeBatch batch = new LatticeBatch(logits, targets, frames, labels, starts, maxLabels);
    Tensor gradient = inPlace ? null : logits.newEmpty(logits.shape());
    DeviceRnntLoss.Result r = loss.lossAndGradient(batch, weights, gradient);
    return new Gradient(pending(r), inPlace ? logits.detach() : gradient);
  }

  private static LatticeBatch exact(Tensor logits, Tensor targets, int[] frames, int[] labels) {
    return new LatticeBatch(logits, targets, frames, labels, null, (int) logits.size(2) - 1);
  }

  private static PendingLosses pending(DeviceRnntLoss.Result r) {
    return PendingLosses.onDevice(r.perUtterance(), r.invalidLabels());
  }

  @Override
  public void close() {}
}

package org.rnnt4j.nn;

import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.ProcessGroup;
import org.rnnt4j.engine.Tensor;

/**
 * Batch normalisation over the channels of (B, C, T). In training mode it normalises with the batch's
 * mean and biased variance over all B x T positions (padding included, as NeMo does) and updates the
 * running statistics with momentum 0.1 from the unbiased variance; in eval mode it uses the running
 * statistics. State keys: {@code weight, bias, running_mean, running_var, num_batches_tracked}.
 * Mirrors {@code torch.nn.BatchNorm1d}; once {@link #synchronise}d, {@code torch.nn.SyncBatchNorm}: the
 * statistics are those of the union of every data-parallel rank's batch.
 */
public final class BatchNorm1d extends Module implements Normalization {
  private static final double MOMENTUM = 0.1;
  private final double eps;
  private ProcessGroup group;

  public BatchNorm1d(long channels, double eps) {
    this.eps = eps;
    registerParameter("weight", Init.ones(channels));
    registerParameter("bias", Init.zeros(channels));
    registerBuffer("running_mean", Init.zeros(channels));
    registerBuffer("running_var", Init.ones(channels));
    registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
  }

  /**
   * From now on, training-mode statistics are taken over the ranks of {@code group} (every rank's
   * forward and backward passes must then run this layer in step); null returns to this rank's batch.
   */
  public void synchronise(ProcessGroup group) {
    this.group = group;
  }

  /**
   * @param x (B, C, T)
   * @return (B, C, T)
   */
  public Tensor forward(Tensor x) {
    boolean training = isTraining();
    if (training) {
      buffer("num_batches_tracked").incrementInPlace();
    }
    if (training && group != null && group.worldSize() > 1) {
      return synchronisedForward(x);
    }
    return x.batchNorm(
        parameter("weight"), parameter("bias"), buffer("running_mean"), buffer("running_var"),
        training, MOMENTUM, eps);
  }

  /** Two passes over the ranks' union: the mean first, then the variance around it (no E[x^2] - E[x]^2 cancellation). */
  private Tensor synchronisedForward(Tensor x) {
    long c = x.size(1);
    Tensor count = Tensor.full(x.size(0) * x.size(2), x.dtype(), 1).to(x.device()); // (1)
    Tensor sums = group.crossReplicaSum(Tensor.cat(List.of(x.sum(2, false).sum(0, false), count), 0)); // (C+1)
    Tensor n = sums.narrow(0, c, 1).detach(); // (1): B x T summed over the ranks
    Tensor mean = sums.narrow(0, 0, c).div(n); // (C)
    Tensor centered = x.sub(mean.view(1, c, 1)); // (B, C, T)
    Tensor var = group.crossReplicaSum(centered.square().sum(2, false).sum(0, false)).div(n); // (C), biased
    Tensor scale = var.add(eps).pow(-0.5).mul(parameter("weight")); // (C)
    try (NoGrad ignored = new NoGrad()) {
      Tensor unbiased = var.detach().mul(n.div(n.sub(1.0).clampMin(1.0))); // (C), no host read
      buffer("running_mean").mulInPlace(1 - MOMENTUM).addInPlace(mean.detach(), MOMENTUM);
      buffer("running_var").mulInPlace(1 - MOMENTUM).addInPlace(unbiased, MOMENTUM);
    }
    return centered.mul(scale.view(1, c, 1)).add(parameter("bias").view(1, c, 1)); // (B, C, T)
  }
}

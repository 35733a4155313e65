package org.rnnt4j.nn;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;

/**
 * Batch normalisation over the channels of (B, C, T). In training mode it normalises with the batch's
 * mean and biased variance over all B x T positions (padding included, as NeMo does) and updates the
 * running statistics with momentum 0.1 from the unbiased variance; in eval mode it uses the running
 * statistics. State keys: {@code weight, bias, running_mean, running_var, num_batches_tracked}.
 * Mirrors {@code torch.nn.BatchNorm1d}.
 */
public final class BatchNorm1d extends Module implements Normalization {
  private static final double MOMENTUM = 0.1;
  private final double eps;

  public BatchNorm1d(long channels, double eps) {
    this.eps = eps;
    registerParameter("weight", Init.ones(channels));
    registerParameter("bias", Init.zeros(channels));
    registerBuffer("running_mean", Init.zeros(channels));
    registerBuffer("running_var", Init.ones(channels));
    registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
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
    return x.batchNorm(
        parameter("weight"), parameter("bias"), buffer("running_mean"), buffer("running_var"),
        training, MOMENTUM, eps);
  }
}

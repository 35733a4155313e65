package org.rnnt4j.optim;

import java.util.Collection;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;

/**
 * {@code torch.nn.utils.clip_grad_norm_}: scales all gradients by {@code maxNorm / (total + 1e-6)} when the
 * global L2 norm exceeds {@code maxNorm}.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** Multiplies every gradient by {@code factor} (the mean of accumulated micro-batch gradients). */
  public static void scale(Collection<Tensor> params, double factor) {
    try (NoGrad ignored = new NoGrad()) {
      for (Tensor p : params) {
        Tensor g = p.grad();
        if (g != null) {
          g.mulInPlace(factor);
        }
      }
    }
  }

  /** @return the total gradient norm before clipping */
  public static double clip(Collection<Tensor> params, double maxNorm) {
    try (NoGrad ignored = new NoGrad()) {
      double sumSq = 0;
      for (Tensor p : params) {
        Tensor g = p.grad();
        if (g != null) {
          sumSq += g.square().sum().item();
        }
      }
      double total = Math.sqrt(sumSq);
      if (maxNorm > 0 && total > maxNorm) {
        double scale = maxNorm / (total + 1e-6);
        for (Tensor p : params) {
          Tensor g = p.grad();
          if (g != null) {
            g.mulInPlace(scale);
          }
        }
      }
      return total;
    }
  }
}

package org.rnnt4j.optim;

import java.util.Collection;
import org.rnnt4j.engine.Tensor;

/**
 * Dynamic loss scaling for mixed precision ({@code torch.cuda.amp.GradScaler}), the hook a later {@code
 * --fp16} plugs in. An overflow the scaler handles (non-finite gradients after scaling) skips the update
 * and shrinks the scale; the trainer does not count it as a bad step. Without mixed precision the trainer
 * uses {@link #NONE}, which never reports an overflow, so non-finite gradients are bad steps.
 */
public interface LossScaler {
  /** The factor the loss is multiplied by before the backward pass. */
  double scale();

  /**
   * Divides the accumulated gradients by {@link #scale} and says whether all are finite.
   *
   * @return false when the update must be skipped as an overflow
   */
  boolean unscale(Collection<Tensor> parameters);

  /** Adapts the scale after an update ({@code overflow}: it was skipped). */
  void update(boolean overflow);

  /** No scaling: scale 1, gradients untouched, never an overflow. */
  LossScaler NONE =
      new LossScaler() {
        @Override
        public double scale() {
          return 1.0;
        }

        @Override
        public boolean unscale(Collection<Tensor> parameters) {
          return true;
        }

        @Override
        public void update(boolean overflow) {}
      };
}

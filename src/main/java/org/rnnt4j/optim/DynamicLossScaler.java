package org.rnnt4j.optim;

import java.util.Collection;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * Dynamic loss scaling for float16 training, as {@code torch.cuda.amp.GradScaler} (which the Hugging Face
 * Trainer uses for {@code --fp16}): the loss, and so every gradient, is multiplied by {@link #scale}
 * before the backward pass, so that small float16 gradients do not flush to zero; {@link #unscale}
 * divides them back before clipping and reports inf or NaN anywhere; an update with one is skipped and
 * the scale multiplied by {@code backoffFactor}; after {@code growthInterval} updates in a row without
 * one the scale is multiplied by {@code growthFactor} (kept only if still finite), as {@code
 * torch._amp_update_scale_} does.
 *
 * <p>The overflow check reads one boolean per update from the device, whatever the number of parameters.
 */
public final class DynamicLossScaler implements LossScaler {
  private final double growthFactor;
  private final double backoffFactor;
  private final int growthInterval;
  private double scale;
  private int growthTracker;

  /**
   * GradScaler's state, under the names of its {@code state_dict()}.
   *
   * @param scale the current factor
   * @param growthTracker updates in a row without an overflow since the last change of the scale
   */
  public record State(double scale, double growthFactor, double backoffFactor, int growthInterval, int growthTracker) {
    public State {
      Checks.argument(scale > 0 && Double.isFinite(scale), "loss scale must be finite and > 0, got %s", scale);
      Checks.argument(growthFactor > 1, "growth_factor must be > 1, got %s", growthFactor);
      Checks.argument(backoffFactor > 0 && backoffFactor < 1, "backoff_factor must be in (0, 1), got %s", backoffFactor);
      Checks.argument(growthInterval >= 1, "growth_interval must be >= 1, got %s", growthInterval);
      Checks.argument(
          growthTracker >= 0 && growthTracker < growthInterval,
          "_growth_tracker must be in [0, growth_interval = %s), got %s", growthInterval, growthTracker);
    }

    /** GradScaler's defaults: init_scale 2^16, growth_factor 2, backoff_factor 0.5, growth_interval 2000. */
    public static State initial() {
      return new State(65536.0, 2.0, 0.5, 2000, 0);
    }
  }

  public DynamicLossScaler(State state) {
    this.scale = state.scale();
    this.growthFactor = state.growthFactor();
    this.backoffFactor = state.backoffFactor();
    this.growthInterval = state.growthInterval();
    this.growthTracker = state.growthTracker();
  }

  /** With GradScaler's defaults. */
  public DynamicLossScaler() {
    this(State.initial());
  }

  @Override
  public double scale() {
    return scale;
  }

  public State state() {
    return new State(scale, growthFactor, backoffFactor, growthInterval, growthTracker);
  }

  @Override
  public boolean unscale(Collection<Tensor> parameters) {
    double inverse = 1.0 / scale;
    Tensor finite = null; // a 0-d bool on the gradients' device: no read until all are checked
    try (NoGrad ignored = new NoGrad()) {
      for (Tensor p : parameters) {
        Tensor g = p.grad();
        if (g == null) {
          continue;
        }
        g.mulInPlace(inverse);
        Tensor f = g.allFinite();
        finite = finite == null ? f : finite.logicalAnd(f);
      }
    }
    return finite == null || finite.item() != 0;
  }

  @Override
  public void update(boolean overflow) {
    if (overflow) {
      scale *= backoffFactor;
      growthTracker = 0;
      return;
    }
    growthTracker++;
    if (growthTracker == growthInterval) {
      double grown = scale * growthFactor;
      if (Double.isFinite(grown) && grown <= Float.MAX_VALUE) { // GradScaler's scale is a float32 tensor
        scale = grown;
      }
      growthTracker = 0;
    }
  }
}

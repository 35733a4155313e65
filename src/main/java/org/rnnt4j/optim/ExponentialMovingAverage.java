package org.rnnt4j.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.util.Checks;

/**
 * An exponential moving average of parameters, updated after every optimizer step as NeMo's {@code
 * EMAOptimizer} does: {@code ema = decay * ema + (1 - decay) * p} ({@code mul_} then {@code add_} with
 * {@code alpha = 1 - decay}), starting from the parameters' values when it is created. It covers the
 * trainable parameters only: buffers (BatchNorm's running statistics) are the live model's, as in NeMo.
 * The averages live on the parameters' device; {@link #swap} exchanges them with the live values, for
 * evaluating or saving the averaged model without a host copy.
 */
public final class ExponentialMovingAverage {
  private final double decay;
  private final Map<String, Tensor> parameters;
  private final Map<String, Tensor> averages = new LinkedHashMap<>();
  private long updates;

  /** @param parameters the live parameters, by name; their current values start the averages */
  public ExponentialMovingAverage(Map<String, Tensor> parameters, double decay) {
    Checks.argument(decay > 0 && decay < 1, "ema_decay must be in (0, 1), got %s", decay);
    this.decay = decay;
    this.parameters = new LinkedHashMap<>(parameters);
    try (NoGrad ignored = new NoGrad()) {
      parameters.forEach((name, p) -> averages.put(name, p.detach().cloneTensor().retain()));
    }
  }

  public double decay() {
    return decay;
  }

  /** Updates applied since the averages started. */
  public long updates() {
    return updates;
  }

  /** Folds the parameters' current values into the averages. */
  public void update() {
    try (TensorScope scope = new TensorScope(); NoGrad ignored = new NoGrad()) {
      parameters.forEach((name, p) -> averages.get(name).mulInPlace(decay).addInPlace(p.detach(), 1 - decay));
    }
    updates++;
  }

  /** The averages by parameter name, live: copy them before the next {@link #update}. */
  public Map<String, Tensor> averages() {
    return Collections.unmodifiableMap(averages);
  }

  /** Exchanges the live parameters' values with the averages; calling it again swaps back. */
  public void swap() {
    try (TensorScope scope = new TensorScope(); NoGrad ignored = new NoGrad()) {
      for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
        Tensor live = e.getValue();
        Tensor average = averages.get(e.getKey());
        Tensor saved = live.detach().cloneTensor();
        live.copyFrom(average);
        average.copyFrom(saved);
      }
    }
  }

  /**
   * Restores averages a checkpoint saved.
   *
   * @param values by parameter name, one per parameter (any device: copied to the parameter's)
   */
  public void load(Map<String, Tensor> values, long updates) {
    List<String> missing = parameters.keySet().stream().filter(k -> !values.containsKey(k)).toList();
    List<String> unknown = values.keySet().stream().filter(k -> !parameters.containsKey(k)).toList();
    Checks.argument(missing.isEmpty() && unknown.isEmpty(), "EMA state does not fit the model: missing %s, unknown %s", missing, unknown);
    Checks.argument(updates >= 0, "EMA updates must be >= 0, got %s", updates);
    try (TensorScope scope = new TensorScope(); NoGrad ignored = new NoGrad()) {
      values.forEach((name, v) -> {
        Tensor a = averages.get(name);
        Checks.argument(
            java.util.Arrays.equals(a.shape(), v.shape()), "EMA %s: shape %s, the parameter has %s", name, v.shapeString(),
            a.shapeString());
        a.copyFrom(v.to(a.dtype()).to(a.device()));
      });
    }
    this.updates = updates;
  }
}

package org.rnnt4j.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * AdamW (Loshchilov and Hutter 2019) with {@code torch.optim.AdamW}'s update, as the Hugging Face Trainer
 * uses it: decoupled weight decay {@code p *= 1 - lr*wd}, bias-corrected moments, {@code eps} added to
 * the corrected square root; or, as {@link OptimizerType#ADAM}, {@code torch.optim.Adam}'s L2 decay
 * ({@code g += wd*p} before the moments). Weight decay applies only to the parameters the caller marks
 * ({@link WeightDecay}: not biases and normalisation layers). State (per parameter: step, exp_avg, exp_avg_sq) is exposed for
 * checkpoints. As in PyTorch, each parameter counts its own steps for the bias correction: a parameter
 * without a gradient (frozen, then unfrozen) starts its moments and its correction afresh.
 */
public final class AdamW {
  private final OptimizerType type;
  private final Map<String, Tensor> params;
  private final java.util.Set<String> decayed;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Map<String, Tensor> expAvg = new LinkedHashMap<>();
  private final Map<String, Tensor> expAvgSq = new LinkedHashMap<>();
  private final Map<String, Long> parameterSteps = new LinkedHashMap<>();
  private long step;

  /**
   * @param params trainable parameters by name
   * @param decayed the names that receive weight decay
   */
  public AdamW(
      Map<String, Tensor> params, java.util.Set<String> decayed, double beta1, double beta2, double eps, double weightDecay) {
    this(OptimizerType.ADAMW, params, decayed, beta1, beta2, eps, weightDecay);
  }

  /** @param type decoupled (AdamW) or L2 (Adam) weight decay */
  public AdamW(
      OptimizerType type, Map<String, Tensor> params, java.util.Set<String> decayed, double beta1, double beta2,
      double eps, double weightDecay) {
    this.type = Checks.notNull(type, "type");
    Checks.argument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1), got %s, %s", beta1, beta2);
    Checks.argument(eps > 0, "eps must be > 0, got %s", eps);
    Checks.argument(weightDecay >= 0, "weight decay must be >= 0, got %s", weightDecay);
    this.params = new LinkedHashMap<>(params);
    this.decayed = java.util.Set.copyOf(decayed);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  /** Applies one update with learning rate {@code lr} to every parameter that has a gradient. */
  public void step(double lr) {
    step++;
    try (NoGrad ignored = new NoGrad()) {
      for (Map.Entry<String, Tensor> e : params.entrySet()) {
        Tensor p = e.getValue();
        Tensor g = p.grad();
        if (g == null || !p.requiresGrad()) {
          continue;
        }
        if (weightDecay > 0 && decayed.contains(e.getKey())) {
          if (type == OptimizerType.ADAMW) {
            p.mulInPlace(1 - lr * weightDecay);
          } else {
            g = g.cloneTensor().addInPlace(p, weightDecay); // torch: grad.add(param, alpha=weight_decay)
          }
        }
        long n = parameterSteps.merge(e.getKey(), 1L, Long::sum);
        double bc1 = 1 - Math.pow(beta1, n);
        double bc2 = 1 - Math.pow(beta2, n);
        Tensor m = expAvg.computeIfAbsent(e.getKey(), k -> zerosLike(p));
        Tensor v = expAvgSq.computeIfAbsent(e.getKey(), k -> zerosLike(p));
        m.mulInPlace(beta1).addInPlace(g, 1 - beta1);
        v.mulInPlace(beta2).addcmulInPlace(g, g, 1 - beta2);
        Tensor denom = v.sqrt().div(Math.sqrt(bc2)).add(eps);
        p.addcdivInPlace(m, denom, -lr / bc1);
      }
    }
  }

  private static Tensor zerosLike(Tensor p) {
    return Tensor.zeros(p.dtype(), p.shape()).to(p.device()).retain();
  }

  /** Clears every parameter's gradient. */
  public void zeroGrad() {
    for (Tensor p : params.values()) {
      p.clearGrad();
    }
  }

  /** Calls to {@link #step}; a parameter's own count ({@link Moments#step}) can be lower. */
  public long stepCount() {
    return step;
  }

  public OptimizerType type() {
    return type;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double eps() {
    return eps;
  }

  public double weightDecay() {
    return weightDecay;
  }

  /** The names that receive weight decay. */
  public java.util.Set<String> decayed() {
    return decayed;
  }

  /**
   * One parameter's state: the updates it took part in and its first and second moments (shaped like
   * the parameter, on its device).
   */
  public record Moments(long step, Tensor expAvg, Tensor expAvgSq) {}

  /**
   * The state of every parameter that has been updated at least once, in parameter order. The tensors
   * are the live moments, changed in place by the next {@link #step}: copy them before that.
   */
  public Map<String, Moments> moments() {
    Map<String, Moments> out = new LinkedHashMap<>();
    for (String name : params.keySet()) {
      if (parameterSteps.containsKey(name)) {
        out.put(name, new Moments(parameterSteps.get(name), expAvg.get(name), expAvgSq.get(name)));
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /**
   * The optimizer state for checkpoints: {@code exp_avg.<name>}, {@code exp_avg_sq.<name>} and {@code
   * step.<name>} (a 0-d int64 tensor).
   */
  public Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    expAvg.forEach((k, v) -> out.put("exp_avg." + k, v));
    expAvgSq.forEach((k, v) -> out.put("exp_avg_sq." + k, v));
    parameterSteps.forEach((k, v) -> out.put("step." + k, Tensor.ofLongs(new long[] {v})));
    return out;
  }

  /**
   * Restores {@link #state()} and the step count written by a checkpoint. A state without {@code
   * step.<name>} entries (older checkpoints) counts {@code stepCount} steps for every parameter that has
   * moments.
   */
  public void loadState(Map<String, Tensor> state, long stepCount) {
    List<String> unknown = new ArrayList<>();
    Map<String, Long> steps = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("step.")) {
        String name = key.substring("step.".length());
        if (params.containsKey(name)) {
          steps.put(name, e.getValue().toLongArray()[0]);
        } else {
          unknown.add(key);
        }
        continue;
      }
      boolean avg = key.startsWith("exp_avg.");
      String name = key.substring(avg ? "exp_avg.".length() : "exp_avg_sq.".length());
      Tensor p = params.get(name);
      if (p == null || !(avg || key.startsWith("exp_avg_sq."))) {
        unknown.add(key);
        continue;
      }
      Tensor copy = e.getValue().to(p.device()).cloneTensor().retain();
      (avg ? expAvg : expAvgSq).put(name, copy);
    }
    Checks.argument(unknown.isEmpty(), "optimizer state names unknown parameters: %s", unknown);
    this.step = stepCount;
    parameterSteps.clear();
    for (String name : expAvg.keySet()) {
      parameterSteps.put(name, steps.getOrDefault(name, stepCount));
    }
  }
}

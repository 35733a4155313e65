package org.rnnt4j.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * A node of the model tree with named parameters, buffers and children, whose dotted names form the
 * NeMo / PyTorch state-dict keys ({@code encoder.encoder.0.mconv.0.conv.weight}). The order of the
 * state dict is PyTorch's: a module's own parameters, then its own buffers, then each child in
 * registration order, so registering in NeMo's order reproduces NeMo's {@code state_dict()} order.
 *
 * <p>Subclasses register everything in their constructor and implement their own typed forward method;
 * there is no generic {@code forward(Object...)}.
 */
public abstract class Module {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;
  private boolean dropoutDisabled;

  /** Registers a trainable parameter; the tensor is retained and set to require gradients. */
  protected final Tensor registerParameter(String name, Tensor value) {
    Checks.argument(!parameters.containsKey(name), "parameter %s registered twice", name);
    Tensor p = value.detach().retain().requiresGrad(true);
    parameters.put(name, p);
    return p;
  }

  /** Registers persistent state that is saved but not trained (BatchNorm running statistics). */
  protected final Tensor registerBuffer(String name, Tensor value) {
    Checks.argument(!buffers.containsKey(name), "buffer %s registered twice", name);
    Tensor b = value.detach().retain();
    buffers.put(name, b);
    return b;
  }

  protected final <M extends Module> M registerModule(String name, M child) {
    Checks.argument(!children.containsKey(name), "child module %s registered twice", name);
    children.put(name, child);
    return child;
  }

  public final Map<String, Module> children() {
    return java.util.Collections.unmodifiableMap(children);
  }

  /** Trainable parameters with their dotted names, in state-dict order. */
  public final Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, true, false);
    return out;
  }

  /** The module that registered each trainable parameter, under the parameter's dotted name, in state-dict order. */
  public final Map<String, Module> parameterOwners() {
    Map<String, Module> out = new LinkedHashMap<>();
    collectOwners("", out);
    return out;
  }

  private void collectOwners(String prefix, Map<String, Module> out) {
    parameters.keySet().forEach(k -> out.put(prefix + k, this));
    children.forEach((k, v) -> v.collectOwners(prefix + k + ".", out));
  }

  public final List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Parameters and buffers with their dotted names, in PyTorch's state-dict order. */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, true, true);
    return out;
  }

  private void collect(String prefix, Map<String, Tensor> out, boolean params, boolean bufs) {
    if (params) {
      parameters.forEach((k, v) -> out.put(prefix + k, v));
    }
    if (bufs) {
      buffers.forEach((k, v) -> out.put(prefix + k, v));
    }
    children.forEach((k, v) -> v.collect(prefix + k + ".", out, params, bufs));
  }

  public final long parameterCount() {
    long n = 0;
    for (Tensor p : namedParameters().values()) {
      n += p.numel();
    }
    return n;
  }

  /** Sets training mode (dropout, BatchNorm batch statistics, SpecAugment) on this tree. */
  public final void train(boolean on) {
    training = on;
    onModeChange(on);
    children.values().forEach(c -> c.train(on));
  }

  /**
   * Turns dropout off in this tree while keeping training mode otherwise (BatchNorm batch statistics),
   * as NeMo's tests do by setting every dropout probability to 0.
   */
  public final void disableDropout(boolean disabled) {
    dropoutDisabled = disabled;
    children.values().forEach(c -> c.disableDropout(disabled));
  }

  /** Whether dropout layers of this module should drop: training mode and not disabled. */
  protected final boolean dropoutActive() {
    return training && !dropoutDisabled;
  }

  /** Hook for modules that must react to a mode change. */
  protected void onModeChange(boolean training) {}

  public final boolean isTraining() {
    return training;
  }

  /**
   * Copies {@code source} tensors into this tree's parameters and buffers. With {@code strict}, every
   * missing, unexpected or mis-shaped key is listed in one error.
   */
  public final void loadStateDict(Map<String, Tensor> source, boolean strict) {
    Map<String, Tensor> own = stateDict();
    List<String> missing = new ArrayList<>();
    List<String> shapes = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = source.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
        shapes.add(e.getKey() + ": checkpoint " + src.shapeString() + " vs model " + e.getValue().shapeString());
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String k : source.keySet()) {
      if (!own.containsKey(k)) {
        unexpected.add(k);
      }
    }
    if (!shapes.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
      StringBuilder msg = new StringBuilder("state dict does not fit the model:");
      if (!missing.isEmpty()) {
        msg.append("\n  missing keys (").append(missing.size()).append("): ").append(missing);
      }
      if (!unexpected.isEmpty()) {
        msg.append("\n  unexpected keys (").append(unexpected.size()).append("): ").append(unexpected);
      }
      if (!shapes.isEmpty()) {
        msg.append("\n  mis-shaped keys (").append(shapes.size()).append("): ").append(shapes);
      }
      throw new IllegalArgumentException(msg.toString());
    }
    try (org.rnnt4j.engine.NoGrad ignored = new org.rnnt4j.engine.NoGrad()) {
      for (Map.Entry<String, Tensor> e : own.entrySet()) {
        Tensor src = source.get(e.getKey());
        if (src != null) {
          Tensor dst = e.getValue();
          dst.copyFrom(src.to(dst.dtype()).to(dst.device()));
        }
      }
    }
  }

  /** Moves every parameter and buffer to {@code device} in place (the handles keep their identity). */
  public final void to(Device device) {
    replaceAll(t -> t.to(device));
  }

  private void replaceAll(java.util.function.UnaryOperator<Tensor> f) {
    parameters.replaceAll((k, v) -> {
      Tensor moved = f.apply(v);
      return moved == v ? v : moved.detach().retain().requiresGrad(v.requiresGrad());
    });
    buffers.replaceAll((k, v) -> {
      Tensor moved = f.apply(v);
      return moved == v ? v : moved.retain();
    });
    children.values().forEach(c -> c.replaceAll(f));
  }

  protected final Tensor parameter(String name) {
    return Checks.notNull(parameters.get(name), "parameter " + name);
  }

  protected final Tensor buffer(String name) {
    return Checks.notNull(buffers.get(name), "buffer " + name);
  }
}

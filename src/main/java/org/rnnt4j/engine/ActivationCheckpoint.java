package org.rnnt4j.engine;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.TensorBase;
import org.bytedeco.pytorch.TensorTensorHook;
import org.bytedeco.pytorch.VoidTensorHook;
import org.rnnt4j.util.Checks;

/**
 * Activation checkpointing (Chen et al. 2016, "Training Deep Nets with Sublinear Memory Cost") for a
 * segment of the network, as {@code torch.utils.checkpoint}'s reentrant variant does it; libtorch's C++
 * API has no checkpoint function and the Java presets cannot subclass {@code torch::autograd::Function},
 * so two tensor hooks stand in for the custom backward:
 *
 * <pre>
 *   input ──(no grad)── segment ──> first output ──+──> output
 *     └── view ── sum ── *0 ─────────────────────────┘      (the "+ 0" ties the output to the input)
 * </pre>
 *
 * <ul>
 *   <li>Forward: the segment runs without recording a graph, in its own {@link TensorScope}, so its
 *       activations are freed at once; only the input (which the caller holds anyway) is kept.
 *   <li>When the backward pass reaches the output, a hook on it runs the segment again with recording
 *       on, from a leaf copy of the input, and back-propagates the output's gradient through that
 *       graph (a nested backward: the segment's parameters get their gradients there). Only one
 *       segment's activations exist at a time.
 *   <li>The tie's gradient flows on to the input's view, whose hook replaces it with the input's
 *       gradient from the nested backward; the view's backward hands it to the graph before the
 *       segment. Other uses of the input (a residual around the segment) add theirs as usual.
 * </ul>
 *
 * <p>The recomputation must see what the first run saw: libtorch's generators are reset to their state
 * before the first run (dropout draws the same masks) and put back after, the first run's {@link
 * Autocast} state is entered (the backward pass runs outside the forward's), and the caller's {@link
 * Restorer} undoes other side effects of a run (BatchNorm running statistics must not move twice).
 * Tensors the segment captures besides its input (masks, lengths, position embeddings) must not require
 * gradients: the nested backward would run into the outer graph.
 *
 * <p>The hooks are held by the enclosing {@link TensorScope} (the training step's), which must stay open
 * until the backward pass has run. With a CUDA input, libtorch runs the hooks on its device thread; they
 * open their own scopes there.
 */
public final class ActivationCheckpoint {
  /** The input gradient handed to libtorch last on this thread; its handle is freed at the next hand-over. */
  private static final ThreadLocal<Tensor> HANDED_OVER = new ThreadLocal<>();

  private ActivationCheckpoint() {}

  /** Undoes what a recomputation changed besides its output; closed right after the recomputation. */
  @FunctionalInterface
  public interface Restorer extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Runs {@code segment} on {@code input} with its activations recomputed in the backward pass. Runs it
   * plainly when grad mode is off (evaluation) or when neither the input nor any of {@code parameters}
   * needs a gradient (nothing to save then).
   *
   * @param input the segment's input (any shape)
   * @param parameters the segment's parameters (those that require gradients receive them)
   * @param segment a deterministic function of its input, its parameters and libtorch's generators
   * @param aroundRecompute made before each recomputation, closed after it
   * @return the segment's output, with the same values as {@code segment.apply(input)}
   */
  public static Tensor apply(
      Tensor input, Collection<Tensor> parameters, UnaryOperator<Tensor> segment, Supplier<Restorer> aroundRecompute) {
    Engine.init();
    if (!GradMode.is_enabled()) {
      return segment.apply(input);
    }
    boolean inputNeedsGradient = input.requiresGrad();
    Tensor anchor =
        inputNeedsGradient ? input : parameters.stream().filter(Tensor::requiresGrad).findFirst().orElse(null);
    if (anchor == null) {
      return segment.apply(input);
    }
    Checks.state(
        PointerScope.getInnerScope() != null,
        "activation checkpointing needs an open TensorScope (the step's): it holds the hooks until the backward pass");
    // made in the enclosing scope: the hooks must outlive the forward's own scope below
    Segment s = new Segment(input.detach(), segment, aroundRecompute, inputNeedsGradient);
    Tensor first;
    try (TensorScope forward = new TensorScope(); NoGrad off = new NoGrad()) {
      first = forward.keep(segment.apply(s.input));
    }
    Tensor link = inputNeedsGradient ? anchor.view(anchor.shape()) : anchor; // the input's shape
    Tensor output = first.add(link.sum().mul(0.0)); // + 0 broadcast: the output's values are the first run's
    first.t.deallocate(); // the sum above is a copy
    output.t.register_hook(s.outputHook);
    if (inputNeedsGradient) {
      link.t.register_hook(s.inputHook);
    }
    return output;
  }

  /** One checkpointed call: what the recomputation needs, and the two hooks. */
  private static final class Segment {
    final Tensor input;
    final UnaryOperator<Tensor> function;
    final Supplier<Restorer> aroundRecompute;
    final boolean inputNeedsGradient;
    final List<GeneratorState> generators = Generators.capture();
    final Autocast.State autocast;
    Tensor inputGradient;

    final VoidTensorHook outputHook =
        new VoidTensorHook() {
          @Override
          public void call(TensorBase outputGradient) {
            recompute(outputGradient);
          }
        };

    final TensorTensorHook inputHook =
        new TensorTensorHook() {
          @Override
          public TensorBase call(TensorBase tieGradient) {
            return handOver(tieGradient);
          }
        };

    Segment(Tensor input, UnaryOperator<Tensor> function, Supplier<Restorer> aroundRecompute, boolean inputNeedsGradient) {
      this.input = input;
      this.function = function;
      this.aroundRecompute = aroundRecompute;
      this.inputNeedsGradient = inputNeedsGradient;
      this.autocast = Autocast.capture(input.device());
    }

    void recompute(TensorBase outputGradient) {
      boolean gradMode = GradMode.is_enabled();
      try (TensorScope scope = new TensorScope()) {
        Tensor gradient = new Tensor(new org.bytedeco.pytorch.Tensor(outputGradient));
        Tensor leaf = input.detach().requiresGrad(inputNeedsGradient);
        try (Restorer restorer = aroundRecompute.get()) {
          List<GeneratorState> current = Generators.capture();
          Generators.restore(generators);
          Tensor output;
          try (Autocast precision = autocast.enter()) {
            GradMode.set_enabled(true);
            output = function.apply(leaf);
          } finally {
            GradMode.set_enabled(gradMode);
            Generators.restore(current);
          }
          if (output.requiresGrad()) {
            output.backward(gradient);
          }
        }
        org.bytedeco.pytorch.Tensor g = inputNeedsGradient ? leaf.t.grad() : null;
        // grad() aliases the leaf's field, which dies with the leaf at this scope's close: hold a reference
        inputGradient = g == null || !g.defined() ? null : scope.keep(new Tensor(new org.bytedeco.pytorch.Tensor(g)));
      }
    }

    TensorBase handOver(TensorBase tieGradient) {
      Tensor previous = HANDED_OVER.get();
      if (previous != null) {
        previous.t.deallocate(); // libtorch copied it when it was returned
      }
      Tensor g = inputGradient;
      inputGradient = null;
      HANDED_OVER.set(g);
      return g == null ? tieGradient : g.t;
    }
  }
}

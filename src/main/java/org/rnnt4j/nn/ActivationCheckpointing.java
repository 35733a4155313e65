package org.rnnt4j.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.rnnt4j.engine.ActivationCheckpoint;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;

/**
 * Gradient checkpointing of one module's forward (Hugging Face's {@code gradient_checkpointing}): the
 * module's activations are dropped after the forward pass and recomputed in the backward pass ({@link
 * ActivationCheckpoint}). The recomputation runs in training mode like the first run, so BatchNorm
 * normalises with the same batch statistics; its running statistics and {@code num_batches_tracked}
 * (every buffer of the module) are put back afterwards, so they move once per step, as without
 * checkpointing.
 */
public final class ActivationCheckpointing {
  private ActivationCheckpointing() {}

  /**
   * @param module owns the parameters and buffers {@code forward} uses
   * @param input the forward's differentiable input
   * @param forward the module's forward on that input; other tensors it captures must not require gradients
   * @return the forward's output
   */
  public static Tensor apply(Module module, Tensor input, UnaryOperator<Tensor> forward) {
    return ActivationCheckpoint.apply(input, module.parameters(), forward, () -> snapshot(module));
  }

  /** Copies of the module's buffers, written back on close. */
  private static ActivationCheckpoint.Restorer snapshot(Module module) {
    Map<String, Tensor> state = module.stateDict();
    state.keySet().removeAll(module.namedParameters().keySet());
    List<Tensor> live = new ArrayList<>(state.values());
    List<Tensor> saved = new ArrayList<>();
    for (Tensor buffer : live) {
      saved.add(buffer.cloneTensor());
    }
    return () -> {
      try (NoGrad ignored = new NoGrad()) {
        for (int i = 0; i < live.size(); i++) {
          live.get(i).copyFrom(saved.get(i));
        }
      }
    };
  }
}

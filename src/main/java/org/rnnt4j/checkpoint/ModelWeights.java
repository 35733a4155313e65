package org.rnnt4j.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.BatchNorm1d;
import org.rnnt4j.nn.Module;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * A module's state dict as {@code torch.save(model.state_dict())} would store it: every parameter and
 * buffer under its NeMo key, in state-dict order, copied bit for bit to host memory, with the
 * {@code _metadata} attribute PyTorch attaches.
 *
 * <p>{@code _metadata} maps each module prefix to {@code {'version': n}}; {@code load_state_dict} hands
 * it to {@code _load_from_state_dict}, where only BatchNorm (version 2) looks at it. A model read from a
 * checkpoint keeps that checkpoint's metadata (which also lists NeMo's stateless modules); a model built
 * here gets {@link #metadataOf}: every module of the tree with version 1, BatchNorm with 2, as PyTorch
 * writes them.
 */
public final class ModelWeights {
  private ModelWeights() {}

  /**
   * @param metadata the {@code _metadata} to attach, or null to derive it from the module tree
   */
  public static TorchCheckpoint of(Module model, Map<String, Map<String, Object>> metadata) {
    LinkedHashMap<String, NamedArray> state = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
      state.put(e.getKey(), Arrays.toArray(e.getValue()));
    }
    return new TorchCheckpoint(state, metadata == null || metadata.isEmpty() ? metadataOf(model) : metadata);
  }

  /** PyTorch's {@code _metadata} for the modules of this tree, in pre-order ({@code ""} is the root). */
  public static Map<String, Map<String, Object>> metadataOf(Module model) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    collect("", model, out);
    return out;
  }

  private static void collect(String prefix, Module module, Map<String, Map<String, Object>> out) {
    out.put(prefix, Map.of("version", module instanceof BatchNorm1d ? 2L : 1L));
    module.children().forEach((name, child) -> collect(prefix.isEmpty() ? name : prefix + "." + name, child, out));
  }
}

package org.rnnt4j.checkpoint.nemo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * A PyTorch state dict as {@code torch.save(module.state_dict())} stores it: the tensors in
 * state-dict order and the dict's {@code _metadata} attribute (module prefix, {@code ""} for the
 * root, to {@code {'version': n}}), which {@code Module.load_state_dict} hands to each module's
 * {@code _load_from_state_dict} so that modules can upgrade old layouts (BatchNorm's version 2
 * added {@code num_batches_tracked}).
 *
 * @param stateDict key to tensor, insertion-ordered (unmodifiable)
 * @param metadata module prefix to its metadata dict, insertion-ordered (unmodifiable); empty when
 *     the pickle sets no {@code _metadata}. Values are {@code Long}, {@code String}, {@code
 *     Boolean} or null.
 */
public record TorchCheckpoint(
    Map<String, NamedArray> stateDict, Map<String, Map<String, Object>> metadata) {
  public TorchCheckpoint {
    Checks.notNull(stateDict, "stateDict");
    Checks.notNull(metadata, "metadata");
    stateDict = Collections.unmodifiableMap(new LinkedHashMap<>(stateDict));
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    metadata.forEach(
        (prefix, values) ->
            copy.put(prefix, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
    metadata = Collections.unmodifiableMap(copy);
  }

  /** A state dict without {@code _metadata}. */
  public static TorchCheckpoint of(Map<String, NamedArray> stateDict) {
    return new TorchCheckpoint(stateDict, Map.of());
  }

  /** A fresh, caller-owned copy of the state dict in its order. */
  public LinkedHashMap<String, NamedArray> stateDictCopy() {
    return new LinkedHashMap<>(stateDict);
  }
}

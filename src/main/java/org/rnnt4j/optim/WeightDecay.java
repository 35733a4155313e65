package org.rnnt4j.optim;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.rnnt4j.nn.Module;
import org.rnnt4j.nn.Normalization;

/**
 * Which parameters get weight decay, by Hugging Face's rule ({@code Trainer.get_decay_parameter_names}):
 * none whose name contains {@code bias} (so LSTM's {@code bias_ih_l0} too), and none owned by a
 * normalisation layer. HF's list of such layers holds LayerNorm and its variants; here every {@link
 * Normalization} (LayerNorm and BatchNorm) is exempt, since a BatchNorm's gain is as little a weight to
 * shrink as a LayerNorm's.
 */
public final class WeightDecay {
  private WeightDecay() {}

  /**
   * @param owners each parameter's owning module ({@link Module#parameterOwners}); parameters without an
   *     entry (a loss's own projections) are judged by name alone
   * @return the names in {@code parameters} that receive weight decay, in their order
   */
  public static Set<String> decayed(Set<String> parameters, Map<String, Module> owners) {
    Set<String> out = new LinkedHashSet<>();
    for (String name : parameters) {
      if (!name.contains("bias") && !(owners.get(name) instanceof Normalization)) {
        out.add(name);
      }
    }
    return out;
  }
}

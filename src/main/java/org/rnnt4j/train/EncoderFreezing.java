package org.rnnt4j.train;

import java.util.Map;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.BatchNorm1d;
import org.rnnt4j.nn.Module;

/**
 * {@code --freeze_encoder} as the Python recipe does it: NeMo's {@code encoder.freeze()} followed by
 * re-enabling every {@code BatchNorm1d}. Frozen parameters stop requiring gradients, so backpropagation
 * leaves them without one and AdamW skips them; BatchNorm weights and biases stay trainable and, since
 * the model stays in training mode, BatchNorm keeps updating its running statistics.
 */
public final class EncoderFreezing {
  private EncoderFreezing() {}

  /** @return the number of parameter tensors frozen */
  public static int freeze(Module encoder) {
    return setTrainable(encoder, false);
  }

  /** @return the number of parameter tensors unfrozen */
  static int unfreeze(Module encoder) {
    return setTrainable(encoder, true);
  }

  private static int setTrainable(Module module, boolean trainable) {
    if (module instanceof BatchNorm1d) {
      return 0;
    }
    int changed = 0;
    for (Map.Entry<String, Tensor> p : module.namedParameters().entrySet()) {
      // namedParameters lists the module's own parameters by bare name and its children's with a prefix
      if (p.getKey().indexOf('.') < 0 && p.getValue().requiresGrad() != trainable) {
        p.getValue().clearGrad();
        p.getValue().requiresGrad(trainable);
        changed++;
      }
    }
    for (Module child : module.children().values()) {
      changed += setTrainable(child, trainable);
    }
    return changed;
  }
}

package org.rnnt4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnt4j.nn.BatchNorm1d;
import org.rnnt4j.nn.LayerNorm;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Lstm;
import org.rnnt4j.nn.Module;

/**
 * Weight decay by Hugging Face's rule, decided by what owns a parameter and not by its name: a LayerNorm
 * and a BatchNorm named without "norm" are exempt, an LSTM's bias_ih_l0 is exempt (HF tests "bias" in
 * the name), a Linear's weight under a name containing "norm" is decayed.
 */
class WeightDecayTest {
  static final class Net extends Module {
    Net() {
      registerModule("proj", new Linear(3, 4, true));
      registerModule("scale", new LayerNorm(4, 1e-5));
      registerModule("bn", new BatchNorm1d(4, 1e-5));
      registerModule("normalizer_proj", new Linear(4, 4, false));
      registerModule("rnn", new Lstm(4, 4, 1, 0.0, 1.0));
    }
  }

  @Test
  void decayFollowsTheOwningLayerAndBias() {
    Net net = new Net();
    Set<String> decayed = WeightDecay.decayed(net.namedParameters().keySet(), net.parameterOwners());
    assertEquals(Set.of("proj.weight", "normalizer_proj.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0"), decayed);
  }
}

package org.rnnt4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Tensor;

/**
 * NeMo's two weight decays on one hand-computed step: p = 1, gradient 1, lr 0.1, weight decay 0.1. The
 * first bias-corrected Adam step moves p by lr * sign(g) (here 0.1, up to eps). AdamW decays first, p =
 * 1 * (1 - 0.1 * 0.1) - 0.1 = 0.89; Adam adds 0.1 * p to the gradient, whose sign stays, so p = 0.9.
 */
class AdamL2Test {
  private static float step(OptimizerType type) {
    Tensor p = Tensor.of(new float[] {1f}, 1).retain().requiresGrad(true);
    AdamW opt = new AdamW(type, Map.of("p", p), Set.of("p"), 0.9, 0.999, 1e-8, 0.1);
    p.sum().backward();
    opt.step(0.1);
    return p.toFloatArray()[0];
  }

  @Test
  void decoupledAndL2DecayDifferAsByHand() {
    assertEquals(0.89f, step(OptimizerType.ADAMW), 1e-6f);
    assertEquals(0.9f, step(OptimizerType.ADAM), 1e-6f);
  }
}

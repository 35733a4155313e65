package org.rnnt4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Tensor;

class AdamWTest {
  @Test
  void firstStepMatchesTorchAdamWByHand() {
    Tensor p = Tensor.of(new float[] {1f, 1f}, 2).retain().requiresGrad(true);
    p.mul(Tensor.of(new float[] {0.5f, 0.5f}, 2)).sum().backward(); // grad = 0.5
    AdamW opt = new AdamW(Map.of("w", p), Set.of(), 0.9, 0.999, 1e-8, 0.01);
    opt.step(0.1);
    // no decay (not in the decayed set): m = 0.05, v = 0.00025, update = lr/bc1 * m / (sqrt(v/bc2) + eps) = 0.1
    assertEquals(0.9, p.toFloatArray()[0], 1e-6);
    AdamW decayed = new AdamW(Map.of("w", p), Set.of("w"), 0.9, 0.999, 1e-8, 0.01);
    decayed.step(0.1);
    // p = 0.9 * (1 - 0.001) - 0.1 = 0.7991
    assertEquals(0.7991, p.toFloatArray()[0], 1e-6);
  }

  @Test
  void aParameterFrozenForSomeStepsStartsItsBiasCorrectionWhenItFirstGetsAGradient() {
    Tensor trained = Tensor.of(new float[] {1f}, 1).retain().requiresGrad(true);
    Tensor frozen = Tensor.of(new float[] {1f}, 1).retain().requiresGrad(false);
    AdamW opt = new AdamW(new java.util.LinkedHashMap<>(Map.of("a", trained, "b", frozen)), Set.of(), 0.9, 0.999, 1e-8, 0);
    for (int i = 0; i < 5; i++) {
      trained.mul(Tensor.of(new float[] {0.5f}, 1)).sum().backward();
      opt.step(0.1);
      opt.zeroGrad();
    }
    assertEquals(1f, frozen.toFloatArray()[0], 0, "no gradient: not updated");
    frozen.requiresGrad(true);
    frozen.mul(Tensor.of(new float[] {0.5f}, 1)).sum().backward();
    opt.step(0.1);
    // PyTorch counts steps per parameter: its first step moves by lr exactly (with a global count of 6 it would
    // move by lr * (1 - 0.9) / (1 - 0.9^6) / sqrt((1 - 0.999) / (1 - 0.999^6)) = 0.52 * lr)
    assertEquals(0.9, frozen.toFloatArray()[0], 1e-6);
    assertEquals(6L, opt.stepCount());
    assertEquals(1L, opt.state().get("step.b").toLongArray()[0]);
    assertEquals(6L, opt.state().get("step.a").toLongArray()[0]);
  }

  @Test
  void linearScheduleWarmsUpThenDecaysToZero() {
    LinearSchedule s = new LinearSchedule(1.0, 10, 110);
    assertEquals(0.0, s.lr(0), 0);
    assertEquals(0.5, s.lr(5), 1e-12);
    assertEquals(1.0, s.lr(10), 1e-12);
    assertEquals(0.5, s.lr(60), 1e-12);
    assertEquals(0.0, s.lr(110), 1e-12);
    assertEquals(0.0, s.lr(200), 1e-12);
  }

  @Test
  void clippingScalesTheGlobalNorm() {
    Tensor a = Tensor.of(new float[] {0f, 0f}, 2).retain().requiresGrad(true);
    a.mul(Tensor.of(new float[] {3f, 4f}, 2)).sum().backward(); // grad (3, 4), norm 5
    double norm = GradientClipping.clip(java.util.List.of(a), 1.0);
    assertEquals(5.0, norm, 1e-6);
    float[] g = a.grad().toFloatArray();
    assertEquals(0.6, g[0], 1e-5);
    assertEquals(0.8, g[1], 1e-5);
  }
}

package org.rnnt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Tensor;

/**
 * {@link DynamicLossScaler} against {@code torch.cuda.amp.GradScaler}: its defaults (torch/amp/grad_scaler.py:
 * init_scale 2^16, growth_factor 2, backoff_factor 0.5, growth_interval 2000) and the scale update of
 * PyTorch's {@code _amp_update_scale_} kernel (aten/src/ATen/native/cuda/AmpKernels.cu: on inf the scale
 * times backoff and the tracker to 0; else the tracker plus one, and at growth_interval the scale times
 * growth, kept only if finite in float32, and the tracker to 0). The sequences below are worked by hand
 * from that kernel (PyTorch 1.13 here has no CPU kernel for it to run).
 */
class DynamicLossScalerTest {
  private static Tensor withGradient(float... gradient) {
    Tensor p = Tensor.of(new float[gradient.length], gradient.length).requiresGrad(true);
    p.mul(Tensor.of(gradient, gradient.length)).sum().backward();
    return p;
  }

  @Test
  void gradScalersDefaults() {
    DynamicLossScaler s = new DynamicLossScaler();
    assertEquals(new DynamicLossScaler.State(65536.0, 2.0, 0.5, 2000, 0), s.state());
    assertEquals(65536.0, s.scale());
  }

  @Test
  void theScaleBacksOffOnInfAndGrowsAfterARunOfGoodUpdates() {
    DynamicLossScaler s = new DynamicLossScaler(new DynamicLossScaler.State(8, 2, 0.5, 3, 0));
    // good, good, inf, good, good, good, good: 8 8 4 4 4 8 8, trackers 1 2 0 1 2 0 1
    boolean[] overflow = {false, false, true, false, false, false, false};
    double[] scales = {8, 8, 4, 4, 4, 8, 8};
    int[] trackers = {1, 2, 0, 1, 2, 0, 1};
    for (int i = 0; i < overflow.length; i++) {
      s.update(overflow[i]);
      assertEquals(scales[i], s.scale(), "scale after update " + (i + 1));
      assertEquals(trackers[i], s.state().growthTracker(), "tracker after update " + (i + 1));
    }
    DynamicLossScaler top = new DynamicLossScaler(new DynamicLossScaler.State(Math.scalb(1.0, 127), 2, 0.5, 1, 0));
    top.update(false);
    assertEquals(Math.scalb(1.0, 127), top.scale(), "2^128 is not finite in float32: the scale stays");
  }

  @Test
  void unscaleDividesTheGradientsAndReportsInfAndNan() {
    DynamicLossScaler s = new DynamicLossScaler(new DynamicLossScaler.State(4, 2, 0.5, 2000, 0));
    Tensor a = withGradient(4, -8);
    Tensor b = withGradient(2);
    assertTrue(s.unscale(List.of(a, b)));
    assertArrayEquals(new float[] {1, -2}, a.grad().toFloatArray());
    assertArrayEquals(new float[] {0.5f}, b.grad().toFloatArray());
    assertFalse(s.unscale(List.of(withGradient(1, Float.POSITIVE_INFINITY), b)), "inf");
    assertFalse(s.unscale(List.of(b, withGradient(Float.NaN))), "NaN");
    Tensor noGradient = Tensor.of(new float[] {1}, 1).requiresGrad(true);
    assertTrue(s.unscale(List.of(noGradient)), "parameters without a gradient are skipped");
  }

  @Test
  void badStatesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaler.State(0, 2, 0.5, 2000, 0));
    assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaler.State(1, 2, 0.5, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> new DynamicLossScaler.State(1, 1, 0.5, 10, 0));
  }
}

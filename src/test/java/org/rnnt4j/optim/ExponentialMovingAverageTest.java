package org.rnnt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Tensor;

/**
 * The moving average by hand: decay 0.9 from p = (1, -2); after p becomes (2, 0) the average is 0.9 *
 * (1, -2) + 0.1 * (2, 0) = (1.1, -1.8); after p becomes (3, 10) it is 0.9 * (1.1, -1.8) + 0.1 * (3, 10)
 * = (1.29, -0.62). Values in float32, as the parameters.
 */
class ExponentialMovingAverageTest {
  @Test
  void averagesByHandAndSwapsBothWays() {
    Tensor p = Tensor.of(new float[] {1f, -2f}, 2).retain();
    Map<String, Tensor> params = new LinkedHashMap<>(Map.of("w", p));
    ExponentialMovingAverage ema = new ExponentialMovingAverage(params, 0.9);
    p.copyFrom(Tensor.of(new float[] {2f, 0f}, 2));
    ema.update();
    assertArrayEquals(new float[] {1.1f, -1.8f}, ema.averages().get("w").toFloatArray(), 1e-6f);
    p.copyFrom(Tensor.of(new float[] {3f, 10f}, 2));
    ema.update();
    assertArrayEquals(new float[] {1.29f, -0.62f}, ema.averages().get("w").toFloatArray(), 1e-6f);
    assertEquals(2, ema.updates());

    ema.swap();
    assertArrayEquals(new float[] {1.29f, -0.62f}, p.toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {3f, 10f}, ema.averages().get("w").toFloatArray());
    ema.swap();
    assertArrayEquals(new float[] {3f, 10f}, p.toFloatArray());

    ExponentialMovingAverage restored = new ExponentialMovingAverage(params, 0.9);
    restored.load(Map.of("w", Tensor.of(new float[] {1.29f, -0.62f}, 2)), 2);
    assertArrayEquals(new float[] {1.29f, -0.62f}, restored.averages().get("w").toFloatArray());
    assertEquals(2, restored.updates());
  }
}

package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Autocast} behaves as {@code torch.autocast("cpu", torch.bfloat16)}: a linear layer's output is
 * bfloat16 inside (PyTorch's CPU autocast lists {@code linear} as a lower-precision op), float32 after;
 * scopes nest and restore the outer state; float16 is refused on the CPU.
 */
class AutocastTest {
  @Test
  void linearRunsInBf16InsideOnly() {
    Tensor x = Tensor.randn(4, 8);
    Tensor w = Tensor.randn(3, 8);
    try (Autocast outer = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
      assertEquals(DType.BFLOAT16, x.linear(w, null).dtype());
      try (Autocast inner = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
        assertTrue(Autocast.enabled(Device.CPU));
      }
      assertTrue(Autocast.enabled(Device.CPU), "the inner scope restores the outer one");
      assertEquals(DType.FLOAT32, x.add(x).dtype(), "element-wise ops keep their input type");
    }
    assertFalse(Autocast.enabled(Device.CPU));
    assertEquals(DType.FLOAT32, x.linear(w, null).dtype());
  }

  @Test
  void float16IsRefusedOnTheCpu() {
    assertThrows(IllegalArgumentException.class, () -> Autocast.enable(Device.CPU, DType.FLOAT16));
  }
}

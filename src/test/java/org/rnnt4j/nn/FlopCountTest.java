package org.rnnt4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Tensor;

/**
 * {@link FlopCount} counts 2 FLOPs per multiply-add of each layer, by the PyTorch peer's hook formulas
 * ({@code ../shared/peer/bench_torch.py}'s {@code FlopCounter}: Linear {@code 2 out.numel() in},
 * convolutions {@code 2 out.numel() (C_in / groups) prod(kernel)}, LSTM {@code 2 steps 4 H (In + H)}
 * per layer), hand-computed here for small shapes.
 */
class FlopCountTest {
  @Test
  void eachLayerCountsItsMultiplyAdds() {
    try (FlopCount.Scope scope = FlopCount.start()) {
      new Linear(3, 4, true).forward(Tensor.randn(2, 5, 3)); // out (2, 5, 4): 2 * 40 * 3
      assertEquals(240, scope.flops());
      new Conv1d(4, 6, 3, 1, 1, 1, 2, true).forward(Tensor.randn(2, 4, 10)); // out (2, 6, 10): 2 * 120 * 2 * 3
      assertEquals(240 + 1440, scope.flops());
      new Conv2d(1, 2, 3, 2, 1, 1).forward(Tensor.randn(1, 1, 8, 8)); // out (1, 2, 4, 4): 2 * 32 * 1 * 9
      assertEquals(240 + 1440 + 576, scope.flops());
    }
  }

  @Test
  void lstmCountsEveryLayerAndStep() {
    Lstm lstm = new Lstm(5, 7, 2, 0.0, 1.0);
    try (FlopCount.Scope scope = FlopCount.start()) {
      lstm.forward(Tensor.randn(3, 4, 5), null); // 12 steps: 2*12*4*7*(5+7) + 2*12*4*7*(7+7)
      assertEquals(8064 + 9408, scope.flops());
    }
  }

  @Test
  void nothingIsCountedOutsideAScopeAndTheInnermostScopeReceives() {
    assertFalse(FlopCount.counting());
    new Linear(3, 4, false).forward(Tensor.randn(1, 3));
    try (FlopCount.Scope outer = FlopCount.start()) {
      try (FlopCount.Scope inner = FlopCount.start()) {
        assertTrue(FlopCount.counting());
        new Linear(3, 4, false).forward(Tensor.randn(1, 3)); // 2 * 4 * 3
        assertEquals(24, inner.flops());
      }
      assertEquals(0, outer.flops());
      new Linear(3, 4, false).forward(Tensor.randn(1, 3));
      assertEquals(24, outer.flops());
    }
    assertFalse(FlopCount.counting());
  }
}

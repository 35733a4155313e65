package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link TensorScope#keep} hands a tensor to the enclosing scope (it used to free it at once). */
class TensorScopeTest {
  @Test
  void keptTensorsOutliveTheirScopeAndBelongToTheEnclosingOne() {
    Tensor kept;
    try (TensorScope outer = new TensorScope()) {
      try (TensorScope inner = new TensorScope()) {
        kept = inner.keep(Tensor.ones(DType.FLOAT32, 4).mul(3));
      }
      assertArrayEquals(new float[] {3, 3, 3, 3}, kept.toFloatArray());
      Tensor withGradient = Tensor.ones(DType.FLOAT32, 2).requiresGrad(true);
      Tensor doubled;
      try (TensorScope inner = new TensorScope()) {
        doubled = inner.keep(withGradient.mul(2).sum());
      }
      doubled.backward(); // the graph behind a kept tensor survives too
      assertArrayEquals(new float[] {2, 2}, withGradient.grad().toFloatArray());
    }
  }

  @Test
  void keptWithoutAnEnclosingScopeIsLeftToTheGarbageCollector() {
    Tensor kept;
    try (TensorScope only = new TensorScope()) {
      kept = only.keep(Tensor.ones(DType.FLOAT32, 3).add(1));
    }
    assertEquals(6.0, kept.sum().item(), 0.0);
  }

  @Test
  void adoptedTensorsLiveUntilTheAdoptingScopeCloses() {
    try (TensorScope owner = new TensorScope()) {
      Tensor adopted;
      Tensor top;
      try (TensorScope inner = new TensorScope()) {
        adopted = owner.adopt(Tensor.ones(DType.FLOAT32, 3).mul(2));
        top = owner.adopt(Tensor.of(new float[] {1, 5, 3}, 3).topk(1, 0).values()); // a tuple's element
      }
      System.gc();
      assertArrayEquals(new float[] {2, 2, 2}, adopted.toFloatArray());
      assertArrayEquals(new float[] {5}, top.toFloatArray());
    }
  }
}

package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnt4j.testing.TwoRanks;

/**
 * Two ranks of a Gloo group over loopback, one per thread of this JVM: the all-reduce sums, and the
 * cross-replica sum's backward pass sums the ranks' gradients (hand-computed: the gradient of
 * {@code sum_r w_r * S} with {@code S = sum_r x_r} is {@code sum_r w_r} for every rank's x).
 */
class ProcessGroupTest {
  @Test
  void allReduceSumsOverTheRanks() throws Exception {
    List<float[]> out = TwoRanks.run(g -> {
      Tensor a = Tensor.of(new float[] {1 + g.rank(), 10 * (1 + g.rank())}, 2);
      Tensor b = Tensor.of(new float[] {g.rank()}, 1);
      g.allReduceSum(List.of(a, b));
      float[] both = new float[3];
      System.arraycopy(a.toFloatArray(), 0, both, 0, 2);
      both[2] = b.toFloatArray()[0];
      return both;
    });
    assertArrayEquals(new float[] {3, 30, 1}, out.get(0));
    assertArrayEquals(new float[] {3, 30, 1}, out.get(1));
  }

  @Test
  void crossReplicaSumBackPropagatesTheRanksSummedGradient() throws Exception {
    List<float[]> out = TwoRanks.run(g -> {
      Tensor x = Tensor.of(new float[] {1f + g.rank(), 2f}, 2).requiresGrad(true);
      Tensor s = g.crossReplicaSum(x); // (2): {3, 4} on both ranks
      float w = g.rank() == 0 ? 2f : 5f;
      s.mul((double) w).sum().backward();
      float[] r = new float[4];
      System.arraycopy(s.detach().toFloatArray(), 0, r, 0, 2);
      System.arraycopy(x.grad().toFloatArray(), 0, r, 2, 2);
      return r;
    });
    assertArrayEquals(new float[] {3, 4, 7, 7}, out.get(0), 1e-6f);
    assertArrayEquals(new float[] {3, 4, 7, 7}, out.get(1), 1e-6f);
  }

  @Test
  void setGradientWritesAMissingOrExistingGradient() {
    Tensor p = Tensor.zeros(DType.FLOAT32, 3).requiresGrad(true);
    assertNull(p.grad());
    Autograd.setGradient(p, Tensor.of(new float[] {1, 2, 3}, 3));
    assertArrayEquals(new float[] {1, 2, 3}, p.grad().toFloatArray());
    Autograd.setGradient(p, Tensor.of(new float[] {4, 5, 6}, 3));
    assertArrayEquals(new float[] {4, 5, 6}, p.grad().toFloatArray());
    assertEquals(3, p.grad().numel());
  }
}

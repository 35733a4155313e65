package org.rnnt4j.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.TwoRanks;

/**
 * The bucketed gradient all-reduce on two ranks (threads of this JVM, Gloo over loopback): every
 * trainable parameter ends with the mean of the ranks' gradients (hand-computed), a missing gradient
 * counts as zeros, a frozen parameter is left alone, and buckets respect the byte cap.
 */
class GradientBucketsTest {
  /** Parameters a (3), b (2), frozen c (1), d (2, no gradient on rank 1); gradients (rank + 1) * base. */
  private static List<Tensor> parameters(int rank) {
    Tensor a = Tensor.zeros(DType.FLOAT32, 3).requiresGrad(true);
    Tensor b = Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true);
    Tensor c = Tensor.zeros(DType.FLOAT32, 1);
    Tensor d = Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true);
    float k = rank + 1;
    Tensor loss = a.mul(Tensor.of(new float[] {1 * k, 2 * k, 3 * k}, 3)).sum()
        .add(b.mul(Tensor.of(new float[] {10 * k, 20 * k}, 2)).sum());
    if (rank == 0) {
      loss = loss.add(d.mul(Tensor.of(new float[] {4, 8}, 2)).sum());
    }
    loss.backward();
    return List.of(a, b, c, d);
  }

  @Test
  void everyRankEndsWithTheMeanGradient() throws Exception {
    List<List<float[]>> out = TwoRanks.run(g -> {
      List<Tensor> p = parameters(g.rank());
      new GradientBuckets(g, 8).reduce(p, 2); // 8 bytes: a bucket per tensor
      return List.of(p.get(0).grad().toFloatArray(), p.get(1).grad().toFloatArray(), p.get(3).grad().toFloatArray(),
          new float[] {p.get(2).grad() == null ? 0 : 1});
    });
    for (List<float[]> rank : out) {
      assertArrayEquals(new float[] {1.5f, 3f, 4.5f}, rank.get(0)); // (1 + 2) / 2 * base
      assertArrayEquals(new float[] {15f, 30f}, rank.get(1));
      assertArrayEquals(new float[] {2f, 4f}, rank.get(2)); // rank 1 had none: (4 + 0) / 2
      assertArrayEquals(new float[] {0}, rank.get(3), "the frozen parameter has no gradient");
    }
  }

  @Test
  void bucketsFollowReverseOrderUnderTheByteCap() {
    List<Tensor> p = List.of(
        Tensor.zeros(DType.FLOAT32, 3).requiresGrad(true), Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true),
        Tensor.zeros(DType.FLOAT32, 1), Tensor.zeros(DType.FLOAT32, 2).requiresGrad(true));
    List<List<Tensor>> buckets = new GradientBuckets(null, 16).buckets(p);
    assertEquals(2, buckets.size());
    assertEquals(List.of(p.get(3), p.get(1)), buckets.get(0)); // 8 + 8 bytes
    assertEquals(List.of(p.get(0)), buckets.get(1));
  }
}

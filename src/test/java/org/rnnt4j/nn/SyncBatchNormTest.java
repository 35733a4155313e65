package org.rnnt4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.TwoRanks;

/**
 * Synchronised BatchNorm on two ranks, each holding half of a (4, 3, 5) batch, equals libtorch's own
 * {@code batch_norm} (the reference) on the whole batch: outputs, the gradient into the input and, summed
 * over the ranks as the gradient all-reduce sums them, the gradients of weight and bias, and the running
 * statistics. Random data from seed 11.
 */
class SyncBatchNormTest {
  private static final long SEED = 11;

  /**
   * (x (4, 3, 5), upstream gradient (4, 3, 5)) as host arrays, drawn once on the test's thread: the ranks run
   * on two threads, and drawing from the shared generator there would interleave their draws.
   */
  private static float[][] data() {
    Engine.seed(SEED);
    return new float[][] {Tensor.randn(4, 3, 5).mul(2.0).add(0.5).toFloatArray(), Tensor.randn(4, 3, 5).toFloatArray()};
  }

  /** [y, dx, dweight, dbias, running_mean, running_var] of a fresh layer on rows [from, from + n) of the batch. */
  private static float[][] step(BatchNorm1d bn, float[][] d, int from, int n) {
    Tensor x = Tensor.of(d[0], 4, 3, 5).narrow(0, from, n).contiguous().requiresGrad(true);
    Tensor y = bn.forward(x);
    y.mul(Tensor.of(d[1], 4, 3, 5).narrow(0, from, n)).sum().backward();
    Tensor w = bn.namedParameters().get("weight");
    Tensor b = bn.namedParameters().get("bias");
    return new float[][] {
      y.detach().toFloatArray(), x.grad().toFloatArray(), w.grad().toFloatArray(), b.grad().toFloatArray(),
      bn.stateDict().get("running_mean").toFloatArray(), bn.stateDict().get("running_var").toFloatArray()
    };
  }

  @Test
  void twoRanksOfHalfABatchEqualOneBatchNormOverTheWholeBatch() throws Exception {
    System.out.println("seed " + SEED);
    BatchNorm1d whole = new BatchNorm1d(3, 1e-5);
    whole.train(true);
    float[][] d = data();
    float[][] expected = step(whole, d, 0, 4);
    List<float[][]> ranks = TwoRanks.run(g -> {
      BatchNorm1d bn = new BatchNorm1d(3, 1e-5);
      bn.train(true);
      bn.synchronise(g);
      return step(bn, d, 2 * g.rank(), 2);
    });
    float[][] r0 = ranks.get(0);
    float[][] r1 = ranks.get(1);
    assertArrayEquals(expected[0], concat(r0[0], r1[0]), 1e-5f, "outputs");
    assertArrayEquals(expected[1], concat(r0[1], r1[1]), 1e-5f, "input gradients");
    for (int k = 2; k <= 3; k++) {
      float[] sum = new float[3];
      for (int i = 0; i < 3; i++) {
        sum[i] = r0[k][i] + r1[k][i];
      }
      assertArrayEquals(expected[k], sum, 1e-5f, k == 2 ? "weight gradient" : "bias gradient");
    }
    for (int k = 4; k <= 5; k++) {
      assertArrayEquals(expected[k], r0[k], 1e-5f, "running statistics of rank 0");
      assertArrayEquals(expected[k], r1[k], 1e-5f, "running statistics of rank 1");
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = new float[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

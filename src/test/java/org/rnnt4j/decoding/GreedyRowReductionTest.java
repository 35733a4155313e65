package org.rnnt4j.decoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.engine.TopK;

/**
 * The CPU path of greedy batch decoding takes each row's arg-max and log-probability in Java; they must be
 * what libtorch's {@code log_softmax} and {@code topk} (the GPU path, PyTorch's own kernels) give.
 */
class GreedyRowReductionTest {
  @Test
  void javaArgMaxAndLogProbabilityEqualLibtorchs() {
    Engine.seed(11);
    try (TensorScope scope = new TensorScope()) {
      Tensor logits = Tensor.randn(6, 129).mul(4.0); // (B, V), spread like a trained joint's
      float[] packed = GreedyBatchDecoder.bestPerRow(logits);
      TopK reference = logits.logSoftmax(-1).topk(1, 1); // (B, 1)
      long[] ids = reference.indices().toLongArray();
      float[] logProbs = reference.values().toFloatArray();
      for (int b = 0; b < 6; b++) {
        assertEquals(ids[b], (long) packed[2 * b], "arg-max of row " + b);
        assertEquals(logProbs[b], packed[2 * b + 1], 1e-5, "log-probability of row " + b);
      }
    }
  }
}

package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Autocast} switches libtorch's CPU autocast as {@code torch.autocast("cpu", dtype)} does: matmul
 * runs in the lower precision (on its policy's lower-precision list, PyTorch's docs/source/amp.rst),
 * element-wise ops in their inputs' dtype; {@link Autocast#suspend} gives a float32 island; closing
 * restores the previous state. (CPU autocast, unlike CUDA's, leaves log-sum-exp and softmax in the lower
 * precision; the transducer loss therefore casts to float32 itself.) An LSTM under CPU float16 falls
 * back to float32 ({@link Rnn}).
 */
class AutocastTest {
  private static final long SEED = 17;

  private static Tensor random(int... shape) {
    long[] s = java.util.Arrays.stream(shape).asLongStream().toArray();
    return Tensor.randn(s);
  }

  @Test
  void matmulRunsInTheLowerPrecisionAndLogSumExpInFloat32() {
    Engine.seed(SEED);
    System.out.println("seed " + SEED);
    Tensor a = random(4, 8);
    Tensor b = random(8, 3);
    for (DType dtype : List.of(DType.BFLOAT16, DType.FLOAT16)) {
      assertFalse(Autocast.enabled(Device.CPU));
      try (Autocast on = Autocast.enable(Device.CPU, dtype)) {
        assertTrue(Autocast.enabled(Device.CPU));
        assertEquals(dtype, Autocast.dtype(Device.CPU));
        Tensor product = a.matmul(b);
        assertEquals(dtype, product.dtype(), "matmul under " + dtype);
        try (Autocast off = Autocast.suspend(Device.CPU)) {
          assertFalse(Autocast.enabled(Device.CPU));
          assertEquals(DType.FLOAT32, a.matmul(b).dtype(), "suspended: float32");
        }
        assertTrue(Autocast.enabled(Device.CPU), "the island's close restores the outer scope");
        assertEquals(dtype, product.add(product).dtype(), "element-wise ops keep their inputs' dtype");
      }
      assertFalse(Autocast.enabled(Device.CPU), "closed: off again");
      assertEquals(DType.FLOAT32, a.matmul(b).dtype());
    }
  }

  @Test
  void lowerPrecisionProductsAreCloseToFloat32() {
    Engine.seed(SEED + 1);
    Tensor a = random(16, 32);
    Tensor b = random(32, 8);
    float[] reference = a.matmul(b).toFloatArray();
    // bfloat16 keeps 8 significant bits, float16 11: relative errors of about 2^-8 and 2^-11 per input
    for (var c : List.of(new Object[] {DType.BFLOAT16, 0.05}, new Object[] {DType.FLOAT16, 0.01})) {
      float[] low;
      try (Autocast on = Autocast.enable(Device.CPU, (DType) c[0])) {
        low = a.matmul(b).to(DType.FLOAT32).toFloatArray();
      }
      double worst = 0;
      for (int i = 0; i < reference.length; i++) {
        worst = Math.max(worst, Math.abs(low[i] - reference[i]) / (1 + Math.abs(reference[i])));
      }
      assertTrue(worst > 0 && worst < (double) c[1], c[0] + ": worst error " + worst);
    }
  }

  @Test
  void aCpuLstmUnderFloat16RunsInFloat32AndUnderBfloat16InBfloat16() {
    Engine.seed(SEED + 2);
    Tensor x = random(2, 3, 4);
    Tensor h = Tensor.zeros(DType.FLOAT32, 1, 2, 5);
    List<Tensor> params = List.of(random(20, 4), random(20, 5), random(20), random(20));
    Rnn.LstmResult plain = Rnn.lstm(x, h, h, params, 1, 0, false);
    try (Autocast on = Autocast.enable(Device.CPU, DType.FLOAT16)) {
      Rnn.LstmResult r = Rnn.lstm(x, h, h, params, 1, 0, false);
      assertEquals(DType.FLOAT32, r.output().dtype());
      assertEquals(java.util.Arrays.toString(plain.output().toFloatArray()), java.util.Arrays.toString(r.output().toFloatArray()));
      assertTrue(Autocast.enabled(Device.CPU), "float16 autocast is back on after the LSTM");
    }
    try (Autocast on = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
      assertEquals(DType.BFLOAT16, Rnn.lstm(x, h, h, params, 1, 0, false).output().dtype());
    }
  }

  /** A linear layer (on CPU autocast's lower-precision list) inside only; nested scopes restore the outer one. */
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
  void aCapturedStateIsEnteredAgain() {
    Autocast.State off = Autocast.capture(Device.CPU);
    assertEquals(null, off.dtype());
    Autocast.State on;
    try (Autocast a = Autocast.enable(Device.CPU, DType.BFLOAT16)) {
      on = Autocast.capture(Device.CPU);
    }
    assertEquals(DType.BFLOAT16, on.dtype());
    try (Autocast again = on.enter()) {
      assertEquals(DType.BFLOAT16, random(2, 2).matmul(random(2, 2)).dtype());
    }
    assertFalse(Autocast.enabled(Device.CPU));
    assertThrows(IllegalArgumentException.class, () -> Autocast.enable(Device.CPU, DType.FLOAT32));
  }
}

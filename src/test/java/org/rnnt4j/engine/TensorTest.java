package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void arithmeticAndShapesOnA2x3Matrix() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, a.add(a).toFloatArray());
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, a.transpose(0, 1).contiguous().toFloatArray());
    assertArrayEquals(new float[] {6, 15}, a.sum(1, false).toFloatArray());
    assertArrayEquals(new long[] {2, 2}, a.argmax(1, false).toLongArray());
    assertEquals(21.0, a.sum().item(), 0);
  }

  @Test
  void backwardGivesTheGradientOfASquare() {
    Tensor x = Tensor.of(new float[] {1, -2, 3}, 3).requiresGrad(true);
    x.mul(x).sum().backward();
    assertNotNull(x.grad());
    assertArrayEquals(new float[] {2, -4, 6}, x.grad().toFloatArray());
  }

  @Test
  void wrongValueCountIsRejectedWithTheShape() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[3], 2, 2));
    assertEquals("3 values do not fill shape [2, 2]", e.getMessage());
  }

  @Test
  void floatBufferViewsTheSameMemory() {
    Tensor a = Tensor.zeros(DType.FLOAT32, 4);
    a.floatBuffer().put(2, 7f);
    assertArrayEquals(new float[] {0, 0, 7, 0}, a.toFloatArray());
  }

  @Test
  void lstmRunsBatchFirst() {
    Tensor x = Tensor.randn(2, 5, 3);
    Tensor h = Tensor.zeros(DType.FLOAT32, 1, 2, 4);
    java.util.List<Tensor> params =
        java.util.List.of(
            Tensor.randn(16, 3), Tensor.randn(16, 4), Tensor.zeros(DType.FLOAT32, 16),
            Tensor.zeros(DType.FLOAT32, 16));
    Rnn.LstmResult r = Rnn.lstm(x, h, h, params, 1, 0, false);
    assertArrayEquals(new long[] {2, 5, 4}, r.output().shape());
    assertArrayEquals(new long[] {1, 2, 4}, r.h().shape());
  }

  @Test
  void deviceParsing() {
    assertEquals(Device.CPU, Device.parse("cpu"));
    assertEquals(Device.cuda(1), Device.parse("cuda:1"));
    assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
  }
}

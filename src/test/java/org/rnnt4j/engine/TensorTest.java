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

  @Test
  void opsOfTheDeviceLossOnSmallHandComputedCases() {
    double inf = Double.POSITIVE_INFINITY;
    Tensor a = Tensor.ofDoubles(new double[] {0, -inf, -inf, Math.log(3)}, 4);
    Tensor b = Tensor.ofDoubles(new double[] {0, 1, -inf, Math.log(5)}, 4);
    double[] sum = a.logaddexp(b).toDoubleArray();
    assertEquals(Math.log(2), sum[0], 1e-15);
    assertEquals(1, sum[1], 1e-15);
    assertEquals(-inf, sum[2], "two -inf give -inf, not NaN");
    assertEquals(Math.log(8), sum[3], 1e-15);

    Tensor ids = Tensor.ofLongs(new long[] {4, 7, 9}, 3);
    assertEquals(DType.INT64, ids.sub(1).dtype(), "an integer scalar keeps int64");
    assertArrayEquals(new long[] {3, 6, 8}, ids.sub(1).toLongArray());
    assertArrayEquals(new long[] {8, 14, 18}, ids.mul(2).toLongArray());
    assertArrayEquals(new long[] {5, 8, 10}, ids.add(1).toLongArray());
    Tensor keep = Tensor.of(new float[] {1, 0, 1}, 3).gt(0.5);
    assertArrayEquals(new long[] {4, 0, 9}, ids.where(keep, 0).toLongArray());
    assertEquals(DType.INT64, ids.where(keep, 0).dtype());
    assertArrayEquals(new long[] {4, 4, 7, 9},
        Tensor.ofLongs(new long[] {9, 4, 7, 9}, 4).flip(0).cummin(0).flip(0).toLongArray());

    Tensor rows = Tensor.zeros(DType.FLOAT32, 2, 3);
    rows.scatterAddInPlace(1, Tensor.ofLongs(new long[] {2, 0}, 2, 1), Tensor.of(new float[] {5, -1}, 2, 1));
    assertArrayEquals(new float[] {0, 0, 5, -1, 0, 0}, rows.toFloatArray());
    Tensor spread =
        Tensor.zeros(DType.FLOAT32, 1, 4).scatter(1, Tensor.ofLongs(new long[] {3, 1}, 1, 2),
            Tensor.of(new float[] {7, 8}, 1, 2));
    assertArrayEquals(new float[] {0, 8, 0, 7}, spread.toFloatArray());
    Tensor full = ids.newFull(-inf, DType.FLOAT64, 2, 2);
    assertEquals(DType.FLOAT64, full.dtype());
    assertArrayEquals(new double[] {-inf, -inf, -inf, -inf}, full.toDoubleArray());
    assertEquals(ids.device(), ids.to(Device.CPU, true).device());
    assertArrayEquals(new long[] {0, 1, 2}, Tensor.arange(3, Device.CPU).toLongArray());
    Tensor clamped = Tensor.of(new float[] {-2, 0.5f, 3}, 3).clampInPlace(-1, 1);
    assertArrayEquals(new float[] {-1, 0.5f, 1}, clamped.toFloatArray());
  }
}

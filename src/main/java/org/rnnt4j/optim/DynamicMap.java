package org.rnnt4j.optim;

import java.util.Arrays;
import java.util.function.LongFunction;
import org.rnnt4j.engine.Tensor;

/**
 * The 8-bit "dynamic" quantisation map of bitsandbytes' 8-bit optimizers (Dettmers et al. 2022, "8-bit
 * Optimizers via Block-wise Quantization"; {@code bitsandbytes.functional.create_dynamic_map} with 7
 * exponent bits and 8 bits in all): 256 sorted float32 values whose spacing shrinks towards 0, so that
 * small moments keep their relative precision. For each decade 10^-6 ... 10^0 it holds the midpoints of
 * 2^i (signed) or 2^(i+1) (unsigned) equal steps from 0.1 to 1 of that decade, then 0 and 1; the signed
 * map also holds their negatives (for the first moment), the unsigned one twice the resolution (for the
 * second moment, which is never negative). The steps come from libtorch's float32 {@code linspace}, as
 * bitsandbytes takes them from PyTorch's: the values are those bitsandbytes computes on PyTorch 2 (on
 * PyTorch 1.13, whose linspace rounds some steps differently, 85 of the 512 values differ in their last
 * bits).
 */
public final class DynamicMap {
  /** 10^-6 ... 10^0 as decimal literals: the doubles Python's {@code 10 ** (i - 6)} gives. */
  private static final double[] DECADES = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0};

  private DynamicMap() {}

  /** @return (256) float32 on the CPU, sorted, from -0.993 to 1, with 0 at index 127 */
  public static Tensor signed() {
    return create(true, points -> Tensor.linspace(0.1, 1.0, points));
  }

  /** @return (256) float32 on the CPU, sorted, from 0 to 1 */
  public static Tensor unsigned() {
    return create(false, points -> Tensor.linspace(0.1, 1.0, points));
  }

  /**
   * @param stepsOf float32 {@code linspace(0.1, 1, points)} (points) for a number of points
   */
  static Tensor create(boolean signed, LongFunction<Tensor> stepsOf) {
    float[] values = new float[256];
    int n = 0;
    for (int i = 0; i < DECADES.length; i++) {
      long steps = signed ? 1L << i : 1L << (i + 1);
      Tensor edges = stepsOf.apply(steps + 1); // (steps + 1)
      Tensor middles = edges.narrow(0, 0, steps).add(edges.narrow(0, 1, steps)).div(2.0); // (steps)
      float[] positive = middles.mul(DECADES[i]).toFloatArray();
      System.arraycopy(positive, 0, values, n, positive.length);
      n += positive.length;
      if (signed) {
        float[] negative = middles.mul(-DECADES[i]).toFloatArray();
        System.arraycopy(negative, 0, values, n, negative.length);
        n += negative.length;
      }
    }
    values[n++] = 0f;
    values[n++] = 1f;
    if (n != values.length) {
      throw new IllegalStateException("the dynamic map has " + n + " values, expected 256");
    }
    Arrays.sort(values);
    return Tensor.of(values, 256);
  }
}

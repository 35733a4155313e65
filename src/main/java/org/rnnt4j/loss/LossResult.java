package org.rnnt4j.loss;

import java.util.Arrays;
import org.rnnt4j.util.Checks;

/**
 * The RNN-T loss of one batch.
 *
 * @param perUtterance {@code L_b = -(1 + fastemitLambda) * log P(y_b | x_b)}, (B), in double
 *     precision
 * @param value the scalar that was asked for and, when a gradient was written, the one it is the
 *     gradient of: the {@link Reduction} of {@code perUtterance}, or {@code sum_b w_b L_b} for
 *     explicit weights
 */
public record LossResult(double[] perUtterance, double value) {
  public LossResult {
    perUtterance = Checks.notNull(perUtterance, "perUtterance").clone();
  }

  @Override
  public double[] perUtterance() {
    return perUtterance.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LossResult that
        && Arrays.equals(perUtterance, that.perUtterance)
        && Double.compare(value, that.value) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(perUtterance) + Double.hashCode(value);
  }

  @Override
  public String toString() {
    return "LossResult[value=" + value + ", perUtterance=" + Arrays.toString(perUtterance) + "]";
  }
}

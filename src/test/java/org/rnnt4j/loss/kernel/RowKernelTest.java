package org.rnnt4j.loss.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loss's row kernels ({@link ScalarRowKernel}, and {@code VectorRowKernel} where {@link
 * RowKernel#best()} picks it: surefire runs with {@code --add-modules jdk.incubator.vector}) against a
 * reference kept here: the maximum by comparison and {@code sum_k exp(x_k - shift)} accumulated in
 * 40-digit decimals, on rows of every length from 1 to 70 (vector bodies and scalar tails) and of the
 * loss's V = 1025, seed 20240917.
 */
class RowKernelTest {
  private static final long SEED = 20240917L;

  private static double referenceSum(float[] row, int n, double shift) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int k = 0; k < n; k++) {
      sum = sum.add(new BigDecimal(StrictMath.exp((double) row[k] - shift)), MathContext.DECIMAL128);
    }
    return sum.doubleValue();
  }

  private static void check(RowKernel kernel) {
    System.out.println("RowKernelTest seed " + SEED + ", kernel " + kernel);
    Random random = new Random(SEED);
    for (int n : new int[] {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 70, 1025}) {
      float[] row = new float[n + 3]; // trailing floats beyond n must be left alone
      for (int k = 0; k < row.length; k++) {
        row[k] = (float) (4 * random.nextGaussian());
      }
      float expectedMax = Float.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        expectedMax = Math.max(expectedMax, row[k]);
      }
      assertEquals(expectedMax, kernel.max(row, n), "max of " + n);
      double shift = expectedMax;
      double expected = referenceSum(row, n, shift);
      assertEquals(expected, kernel.sumExp(row, n, shift), 1e-13 * expected, "sumExp of " + n);
      float[] stored = row.clone();
      double sum = kernel.storeExp(stored, new double[n], n, shift);
      assertEquals(expected, sum, 1e-13 * expected, "storeExp's sum of " + n);
      for (int k = 0; k < n; k++) {
        float e = (float) StrictMath.exp((double) row[k] - shift);
        assertEquals(e, stored[k], Math.ulp(e), "storeExp's term " + k + " of " + n);
      }
      for (int k = n; k < row.length; k++) {
        assertEquals(row[k], stored[k], "float " + k + " beyond the row of " + n + " was written");
      }
    }
  }

  @Test
  void scalarKernelMatchesTheReference() {
    check(new ScalarRowKernel());
  }

  @Test
  void chosenKernelMatchesTheReference() {
    check(RowKernel.best());
  }

  @Test
  void theVectorKernelIsChosenOnX86WithTheModule() {
    String arch = System.getProperty("os.arch", "");
    boolean expectVector =
        (arch.equals("amd64") || arch.equals("x86_64"))
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && Boolean.parseBoolean(System.getProperty("rnnt4j.vectorExp", "true"));
    assertEquals(expectVector, RowKernel.best().getClass().getSimpleName().equals("VectorRowKernel"), RowKernel.best().toString());
    assertTrue(RowKernel.best() == RowKernel.best(), "chosen once");
  }
}

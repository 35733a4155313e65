package org.rnnt4j.loss.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} on the JDK's Vector API: floats are widened to double lanes (as many as the
 * preferred vector holds), shifted and exponentiated in double ({@code VectorOperators.EXP}, which
 * HotSpot compiles to SVML's vector exp on x86), summed lane-wise in double and narrowed back to float
 * for storing. Only {@link RowKernel#best()} creates it, and only when the JVM has {@code
 * jdk.incubator.vector}: loading this class elsewhere fails.
 */
final class VectorRowKernel implements RowKernel {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Floats that widen into one vector of {@link #DOUBLES}: half its bits. */
  private static final VectorSpecies<Float> FLOATS =
      FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final VectorSpecies<Float> WIDE_FLOATS = FloatVector.SPECIES_PREFERRED;

  VectorRowKernel() {
    if (DOUBLES.vectorBitSize() < 256) {
      throw new IllegalStateException("vectors of " + DOUBLES.vectorBitSize() + " bits: the scalar kernel is as fast");
    }
  }

  @Override
  public float max(float[] row, int n) {
    int k = 0;
    float max = row[0];
    int bound = WIDE_FLOATS.loopBound(n);
    if (bound > 0) {
      FloatVector m = FloatVector.fromArray(WIDE_FLOATS, row, 0);
      for (k = WIDE_FLOATS.length(); k < bound; k += WIDE_FLOATS.length()) {
        m = m.max(FloatVector.fromArray(WIDE_FLOATS, row, k));
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (; k < n; k++) {
      if (row[k] > max) {
        max = row[k];
      }
    }
    return max;
  }

  @Override
  public double sumExp(float[] row, int n, double shift) {
    return exps(row, n, shift, false);
  }

  @Override
  public double storeExp(float[] row, double[] scratch, int n, double shift) {
    return exps(row, n, shift, true);
  }

  private static double exps(float[] row, int n, double shift, boolean store) {
    int step = FLOATS.length();
    int bound = FLOATS.loopBound(n);
    DoubleVector sum = DoubleVector.zero(DOUBLES);
    int k = 0;
    for (; k < bound; k += step) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(FLOATS, row, k).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector e = x.sub(shift).lanewise(VectorOperators.EXP);
      sum = sum.add(e);
      if (store) {
        ((FloatVector) e.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(row, k);
      }
    }
    double total = sum.reduceLanes(VectorOperators.ADD);
    for (; k < n; k++) {
      double e = Math.exp(row[k] - shift);
      total += e;
      if (store) {
        row[k] = (float) e;
      }
    }
    return total;
  }

  @Override
  public String toString() {
    return "Vector API kernel (" + DOUBLES.length() + " double lanes)";
  }
}

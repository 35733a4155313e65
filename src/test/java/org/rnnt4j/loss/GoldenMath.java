package org.rnnt4j.loss;

/** The fixtures' float tolerance measure: {@code max|a - b| / max|b|} over a whole tensor. */
final class GoldenMath {
  private GoldenMath() {}

  static double relativeError(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError("length " + actual.length + " vs expected " + expected.length);
    }
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < actual.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
      maxRef = Math.max(maxRef, Math.abs((double) expected[i]));
    }
    if (Double.isNaN(maxDiff) || hasNaN(actual)) {
      return Double.NaN;
    }
    return maxRef == 0 ? maxDiff : maxDiff / maxRef;
  }

  static double relativeError(double[] actual, double[] expected) {
    float[] a = new float[actual.length];
    float[] e = new float[expected.length];
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < Math.min(a.length, e.length); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
      maxRef = Math.max(maxRef, Math.abs(expected[i]));
    }
    if (a.length != e.length) {
      throw new AssertionError("length " + a.length + " vs expected " + e.length);
    }
    return maxRef == 0 ? maxDiff : maxDiff / maxRef;
  }

  private static boolean hasNaN(float[] values) {
    for (float v : values) {
      if (Float.isNaN(v)) {
        return true;
      }
    }
    return false;
  }
}

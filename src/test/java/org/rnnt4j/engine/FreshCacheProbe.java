package org.rnnt4j.engine;

/** Run in a child JVM by {@link FreshNativeCacheTest}: loads libtorch and computes one value. */
public final class FreshCacheProbe {
  public static void main(String[] args) {
    Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
    System.out.println("sum=" + a.mul(a).sum().item());
  }
}

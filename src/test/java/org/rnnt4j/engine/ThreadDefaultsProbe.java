package org.rnnt4j.engine;

import org.rnnt4j.util.ProcessEnvironment;

/**
 * Run in a child JVM by {@link ThreadDefaultsTest}: initialises the engine, runs one parallel
 * operation, and prints the C environment's thread settings and what {@link ThreadDefaults} and
 * {@link MallocDefaults} did.
 */
public final class ThreadDefaultsProbe {
  public static void main(String[] args) {
    Engine.init();
    Tensor a = Tensor.randn(64, 64);
    System.out.println("sum=" + a.matmul(a).sum().item());
    for (String name : new String[] {"OMP_WAIT_POLICY", "OPENBLAS_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT"}) {
      System.out.println("env " + name + "=" + ProcessEnvironment.get(name).orElse("<unset>"));
    }
    ThreadDefaults.Applied applied = ThreadDefaults.applied();
    System.out.println("set " + applied.set());
    System.out.println("kept " + applied.kept());
    System.out.println("malloc " + new java.util.TreeMap<>(MallocDefaults.applied()));
    System.out.println("pointer gc " + org.rnnt4j.util.PointerPolicy.garbageCollected());
  }
}

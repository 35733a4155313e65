package org.rnnt4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Threads that keep a core busy until closed: a stand-in for what shares the cores with training on a
 * real machine (the data loader's decoding, an evaluation, another job), so that a benchmark shows how
 * the step's thread pools behave when they cannot have every core. Each spins on floating-point work
 * that the JIT cannot remove, and never sleeps.
 */
final class BusyThreads implements AutoCloseable {
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stop;
  private volatile double sink;

  BusyThreads(int count) {
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::spin, "rnnt4j-bench-busy-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void spin() {
    double x = 1;
    while (!stop) {
      for (int i = 0; i < 100_000; i++) {
        x = x * 1.0000001 + 1e-9;
      }
      sink = x;
    }
  }

  int count() {
    return threads.size();
  }

  /** CPU time these threads have used so far, in nanoseconds (0 where the JVM cannot tell). */
  long cpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) {
      return 0;
    }
    long sum = 0;
    for (Thread t : threads) {
      sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
    }
    return sum;
  }

  @Override
  public void close() {
    stop = true;
    for (Thread t : threads) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}

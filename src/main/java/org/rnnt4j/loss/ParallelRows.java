package org.rnnt4j.loss;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs independent tasks {@code 0..count-1} on a fixed number of threads (the caller plus {@code
 * threads - 1} daemon workers), handing out indices one at a time so that uneven utterance lengths
 * balance.
 *
 * <p>Results never depend on the thread count: each task writes only its own outputs and nothing is
 * reduced across tasks, so any interleaving gives the same bits.
 */
final class ParallelRows implements AutoCloseable {
  /** One task, given its index and the scratch object of the thread that runs it. */
  @FunctionalInterface
  interface Task<S> {
    void run(int index, S scratch);
  }

  private final int threads;
  private ExecutorService workers;

  ParallelRows(int threads) {
    this.threads = threads;
  }

  /** Runs {@code task(i)} for every {@code i < count} and returns when all are done. */
  <S> void forEach(int count, Supplier<S> scratch, Task<S> task) {
    int helpers = Math.min(threads, count) - 1;
    if (helpers <= 0) {
      S own = scratch.get();
      for (int i = 0; i < count; i++) {
        task.run(i, own);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable drain =
        () -> {
          S own = scratch.get();
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            task.run(i, own);
          }
        };
    List<Future<?>> running = new ArrayList<>(helpers);
    ExecutorService pool = workers();
    for (int h = 0; h < helpers; h++) {
      running.add(pool.submit(drain));
    }
    RuntimeException failure = null;
    try {
      drain.run();
    } catch (RuntimeException e) {
      failure = e;
      next.set(count); // let the helpers stop early
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              new IllegalStateException("RNN-T loss worker failed: " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for RNN-T loss workers", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private synchronized ExecutorService workers() {
    if (workers == null) {
      AtomicInteger id = new AtomicInteger();
      workers =
          Executors.newFixedThreadPool(
              threads - 1,
              r -> {
                Thread t = new Thread(r, "rnnt-loss-" + id.incrementAndGet());
                t.setDaemon(true); // a forgotten close() must not keep the JVM alive
                return t;
              });
    }
    return workers;
  }

  @Override
  public synchronized void close() {
    if (workers != null) {
      workers.shutdown();
      workers = null;
    }
  }
}

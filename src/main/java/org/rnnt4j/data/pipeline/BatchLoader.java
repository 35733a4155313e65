package org.rnnt4j.data.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Iterates batches in a given order, decoding waveforms that are not cached (large splits keep only
 * lengths, so the audio of each batch is read and decoded here) and collating on worker
 * threads ({@code --dataloader_num_workers}) that run up to {@code 2 * workers} batches ahead of the
 * trainer; with 0 workers everything happens in the caller's thread. The time the caller spends waiting
 * is measured, so logs can show whether the data pipeline starves the trainer.
 */
public final class BatchLoader implements AutoCloseable {
  private final ExecutorService pool;
  private final int lookahead;
  private final int sampleRate;
  private long waitNanos;

  public BatchLoader(int workers, int sampleRate) {
    this.pool = workers > 0 ? Executors.newFixedThreadPool(workers, daemonThreads()) : null;
    this.lookahead = Math.max(1, 2 * workers);
    this.sampleRate = sampleRate;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread t = new Thread(r, "rnnt4j-loader");
      t.setDaemon(true);
      return t;
    };
  }

  /** Seconds the consumer waited for batches so far. */
  public double waitSeconds() {
    return waitNanos / 1e9;
  }

  /** @param batches example lists, in the order they are consumed */
  public Iterator<Batch.Host> iterate(List<List<Example>> batches) {
    return iterate(batches, null);
  }

  /**
   * @param batches example lists, in the order they are consumed
   * @param padding per batch, the length to pad to at least (the global batch's, with several ranks), or null
   */
  public Iterator<Batch.Host> iterate(List<List<Example>> batches, List<BatchPlan.Padding> padding) {
    return new Iterator<>() {
      private final ArrayDeque<CompletableFuture<Batch.Host>> pending = new ArrayDeque<>();
      private int next;

      private void fill() {
        while (pending.size() < lookahead && next < batches.size()) {
          List<Example> b = batches.get(next);
          BatchPlan.Padding pad = padding == null ? new BatchPlan.Padding(1, 0) : padding.get(next);
          next++;
          pending.add(
              pool == null
                  ? CompletableFuture.completedFuture(prepare(b, pad))
                  : CompletableFuture.supplyAsync(() -> prepare(b, pad), pool));
        }
      }

      @Override
      public boolean hasNext() {
        fill();
        return !pending.isEmpty();
      }

      @Override
      public Batch.Host next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long start = System.nanoTime();
        Batch.Host host = pending.poll().join();
        waitNanos += System.nanoTime() - start;
        fill();
        return host;
      }
    };
  }

  private Batch.Host prepare(List<Example> examples, BatchPlan.Padding pad) {
    List<float[]> waves = new ArrayList<>(examples.size());
    for (Example e : examples) {
      waves.add(e.waveform() != null ? e.waveform() : AudioLoading.load(e.utterance(), sampleRate, e.samples()));
    }
    return Batch.collate(examples, waves, pad.samples(), pad.labels());
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

package org.rnnt4j.distributed;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.rnnt4j.engine.ProcessGroup;

/**
 * Heartbeats through the rendezvous store, for ranks on other machines, which no process handle can
 * watch: every second each rank bumps its counter {@code rnnt4j/heartbeat/R} and reads the others'; a
 * rank whose counter stands still for {@code staleAfter} (and that has not said it finished) is reported
 * dead, and so is rank 0 when its store stops answering. The report names the rank; the handler stops
 * this process, so a rank waiting in a collective does not wait for the collective's timeout.
 */
final class Liveness implements AutoCloseable {
  private static final long PERIOD_MS = 1000;

  private final DistributedEnvironment env;
  private final Duration staleAfter;
  private final Consumer<String> onDead;
  private final Thread thread;
  private volatile boolean closing;

  Liveness(DistributedEnvironment env, Duration staleAfter, Duration storeTimeout, Consumer<String> onDead) {
    this.env = env;
    this.staleAfter = staleAfter;
    this.onDead = onDead;
    this.thread = new Thread(() -> watch(storeTimeout), "rnnt4j-liveness");
    thread.setDaemon(true);
  }

  static String heartbeat(int rank) {
    return "rnnt4j/heartbeat/" + rank;
  }

  static String done(int rank) {
    return "rnnt4j/done/" + rank;
  }

  void start() {
    thread.start();
  }

  private void watch(Duration storeTimeout) {
    int world = env.worldSize();
    long[] counts = new long[world];
    long[] seen = new long[world];
    long now = System.nanoTime();
    Arrays.fill(seen, now);
    try (ProcessGroup.StoreClient store = ProcessGroup.storeClient(env.masterAddr(), env.masterPort(), storeTimeout)) {
      while (!closing) {
        store.add(heartbeat(env.rank()), 1);
        now = System.nanoTime();
        for (int r = 0; r < world; r++) {
          if (r == env.rank() || store.has(done(r))) {
            seen[r] = now;
            continue;
          }
          long c = store.add(heartbeat(r), 0);
          if (c != counts[r]) {
            counts[r] = c;
            seen[r] = now;
          } else if (now - seen[r] > staleAfter.toNanos() && !closing) {
            onDead.accept("rank " + r + " has sent no heartbeat for " + staleAfter.toSeconds() + " s: it died or hangs");
            return;
          }
        }
        Thread.sleep(PERIOD_MS);
      }
    } catch (InterruptedException e) {
      // closed
    } catch (IllegalStateException e) {
      if (!closing) {
        onDead.accept("the rendezvous store at " + env.masterAddr() + ":" + env.masterPort()
            + ", served by rank 0, stopped answering: rank 0 died (" + e.getMessage() + ")");
      }
    }
  }

  /** Tells the other ranks this one finished (its heartbeat stops, normally), and stops watching. */
  void finish(ProcessGroup group) {
    closing = true;
    thread.interrupt();
    try {
      group.storeSet(done(env.rank()), "1");
    } catch (RuntimeException ignored) {
      // rank 0 finished first and took the store along: nobody is left to tell
    }
  }

  @Override
  public void close() {
    closing = true;
    thread.interrupt();
  }
}

package org.rnnt4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.ProcessGroup;

/** Two ranks of a Gloo group over loopback, one per thread of this JVM, for fast data-parallel tests. */
public final class TwoRanks {
  private TwoRanks() {}

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code body} as rank 0 and rank 1 of a fresh group, concurrently; returns both results, rank 0's first. */
  public static <T> List<T> run(Function<ProcessGroup, T> body) throws Exception {
    int port = freePort();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<CompletableFuture<T>> ranks = List.of(0, 1).stream()
          .map(r -> CompletableFuture.supplyAsync(() -> {
            try (ProcessGroup g = ProcessGroup.join("127.0.0.1", port, r, 2, Device.CPU, Duration.ofSeconds(30))) {
              return body.apply(g);
            }
          }, pool))
          .toList();
      return List.of(ranks.get(0).get(60, TimeUnit.SECONDS), ranks.get(1).get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }
}

package org.rnnt4j.distributed;

import java.util.Optional;

/**
 * A launched rank's guard against becoming an orphan: a daemon thread checks every {@code PERIOD_MS}
 * that the launcher (local rank 0) is alive and, when it is gone (killed with SIGKILL too, when no
 * shutdown hook runs), halts this JVM with a message naming it. A process blocked inside a collective
 * would otherwise wait for the collective's timeout.
 */
public final class ParentWatch {
  static final long PERIOD_MS = 500;

  private ParentWatch() {}

  /** Starts watching {@code env.launcherPid()}; does nothing when this rank was not launched by one. */
  public static void start(DistributedEnvironment env) {
    if (env.launcherPid() < 0) {
      return;
    }
    Optional<ProcessHandle> launcher = ProcessHandle.of(env.launcherPid());
    if (launcher.isEmpty() || !launcher.get().isAlive()) {
      halt(env);
    }
    ProcessHandle handle = launcher.get();
    Thread t = new Thread(() -> {
      while (handle.isAlive()) {
        try {
          Thread.sleep(PERIOD_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
      halt(env);
    }, "rnnt4j-parent-watch");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Called when this rank's run failed: a collective usually fails ("connection reset by peer") before
   * the watch's next look sees the launcher gone. When the launcher is gone, or goes within two watch
   * periods (a dying process closes its sockets first), this halts with the message naming it instead of
   * the collective's; otherwise it returns and the caller reports its own failure.
   */
  public static void explainFailure(DistributedEnvironment env) {
    if (env.launcherPid() < 0) {
      return;
    }
    Optional<ProcessHandle> launcher = ProcessHandle.of(env.launcherPid());
    if (launcher.isEmpty()) {
      halt(env);
    }
    try {
      launcher.get().onExit().get(2 * PERIOD_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
      halt(env);
    } catch (java.util.concurrent.TimeoutException alive) {
      // the launcher lives: the failure is this rank's own or another rank's
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void halt(DistributedEnvironment env) {
    System.err.println("rnnt4j rank " + env.rank() + ": its launcher, local rank 0 (pid " + env.launcherPid()
        + "), is gone; stopping this rank");
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }
}

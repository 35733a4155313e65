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

  private static void halt(DistributedEnvironment env) {
    System.err.println("rnnt4j rank " + env.rank() + ": its launcher, local rank 0 (pid " + env.launcherPid()
        + "), is gone; stopping this rank");
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }
}

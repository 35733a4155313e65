package org.rnnt4j.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * torchrun's role for one node: the process the user started is local rank 0; it starts local ranks 1 ..
 * N-1 as JVMs with the same java binary, JVM options, classpath, main class and arguments, adding
 * torchrun's variables to the environment. Their output goes where this process's goes. If a worker
 * exits with a failure while this process runs, every rank of the node is stopped with a message naming
 * it ({@link #start}'s failure handler); if this process dies, the workers see it ({@link ParentWatch}).
 */
public final class Launcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Launcher.class.getName());

  /** A local rank's process. */
  public record Worker(int rank, Process process) {}

  private final List<Worker> workers;
  private volatile boolean closing;

  private Launcher(List<Worker> workers) {
    this.workers = List.copyOf(workers);
  }

  /**
   * Starts local ranks 1 .. {@code nproc_per_node - 1} (none for one process).
   *
   * @param mainClass the entry point the workers run, with {@code args}
   * @param onFailure called once, on a watcher thread, with a message naming a worker that exited with a
   *     non-zero status before {@link #close}
   */
  public static Launcher start(Launch launch, String mainClass, List<String> args, FailureHandler onFailure) {
    long self = ProcessHandle.current().pid();
    List<Worker> started = new ArrayList<>();
    for (int local = 1; local < launch.nprocPerNode(); local++) {
      DistributedEnvironment env = launch.environment(local, self);
      ProcessBuilder builder = new ProcessBuilder(command(mainClass, args)).inheritIO();
      builder.environment().putAll(env.variables());
      try {
        started.add(new Worker(env.rank(), builder.start()));
      } catch (IOException e) {
        started.forEach(w -> w.process().destroyForcibly());
        throw new UncheckedIOException("cannot start rank " + env.rank() + ": " + e.getMessage(), e);
      }
    }
    Launcher result = new Launcher(started);
    for (Worker w : result.workers) {
      LOG.info("started rank " + w.rank() + " (pid " + w.process().pid() + ")");
      w.process().onExit().thenAccept(p -> {
        if (!result.closing && p.exitValue() != 0) {
          onFailure.failed(describe(w.rank(), p.pid(), p.exitValue()));
        }
      });
    }
    Runtime.getRuntime().addShutdownHook(new Thread(result::destroyAll, "rnnt4j-stop-workers"));
    return result;
  }

  /** "rank 1 (pid 1234) exited with status 137 (killed by signal 9)". */
  static String describe(int rank, long pid, int status) {
    String signal = status > 128 ? " (killed by signal " + (status - 128) + ")" : "";
    return "rank " + rank + " (pid " + pid + ") exited with status " + status + signal;
  }

  /**
   * A worker that exited with a non-zero status, waiting up to {@code grace} for one: when this process's
   * run fails in a collective, the peer's dropped connection is usually seen before the dead worker's exit.
   */
  public java.util.Optional<String> failedWorker(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    do {
      for (Worker w : workers) {
        if (!w.process().isAlive() && w.process().exitValue() != 0) {
          return java.util.Optional.of(describe(w.rank(), w.process().pid(), w.process().exitValue()));
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    return java.util.Optional.empty();
  }

  /** Reacts to a worker that failed while the run went on. */
  @FunctionalInterface
  public interface FailureHandler {
    void failed(String message);
  }

  public List<Worker> workers() {
    return workers;
  }

  /** The java command that started this JVM, running {@code mainClass} with {@code args}. */
  static List<String> command(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp")) { // a debugger port binds once
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * Waits up to {@code timeout} for the workers to finish, then stops those still running; returns the
   * failures (empty when every worker exited with status 0).
   */
  public List<String> awaitAll(Duration timeout) {
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> failures = new ArrayList<>();
    for (Worker w : workers) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!w.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          w.process().destroyForcibly();
          failures.add("rank " + w.rank() + " (pid " + w.process().pid() + ") did not finish within " + timeout);
        } else if (w.process().exitValue() != 0) {
          failures.add(describe(w.rank(), w.process().pid(), w.process().exitValue()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        destroyAll();
        failures.add("interrupted while waiting for rank " + w.rank());
      }
    }
    return failures;
  }

  private void destroyAll() {
    closing = true;
    workers.forEach(w -> w.process().destroyForcibly());
  }

  /** Stops every worker still running. */
  @Override
  public void close() {
    destroyAll();
  }
}

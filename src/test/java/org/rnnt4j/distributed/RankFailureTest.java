package org.rnnt4j.distributed;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.testing.TwoRanks;

/**
 * A dead rank never leaves the others hanging: during a two-process {@code rnnt4j train} on loopback,
 * SIGKILL on the worker (rank 1) ends rank 0 with an error naming rank 1 and its pid, and SIGKILL on the
 * launcher (rank 0) ends the worker with an error naming its launcher, each within 30 s (the collective
 * timeout is 1800 s).
 */
@Tag("slow")
class RankFailureTest {
  private static final Pattern STARTED = Pattern.compile("started rank 1 \\(pid (\\d+)\\)");

  private static Process start(Path tmp, String name) throws IOException {
    Path conf = DataParallelTrainingTest.deterministicConf(tmp);
    List<String> args = DataParallelTrainingTest.args(conf, tmp.resolve("tokenizers"), tmp.resolve(name), 2, 1, 100000);
    args.set(args.indexOf("--max_steps") + 1, "100000");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-cp",
        System.getProperty("java.class.path"), "org.rnnt4j.cli.Main"));
    command.addAll(args);
    command.addAll(List.of("--nproc_per_node", "2", "--master_port", Integer.toString(TwoRanks.freePort())));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile());
    pb.environment().put("RNNT4J_THREADS", "1");
    return pb.start();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until rank 0 logged its third step; returns the worker's pid. */
  private static long awaitTraining(Process rank0, Path log) throws InterruptedException {
    while (rank0.isAlive() && !read(log).contains("\"step\":3}")) {
      Thread.sleep(100);
    }
    String text = read(log);
    assertTrue(rank0.isAlive(), "rank 0 trains:\n" + text);
    Matcher m = STARTED.matcher(text);
    assertTrue(m.find(), "rank 0 logs the worker's pid:\n" + text);
    return Long.parseLong(m.group(1));
  }

  @Test
  void killingTheWorkerEndsRank0WithAnErrorNamingIt(@TempDir Path tmp) throws Exception {
    Process rank0 = start(tmp, "a");
    Path log = tmp.resolve("a.log");
    try {
      long worker = awaitTraining(rank0, log);
      ProcessHandle.of(worker).orElseThrow().destroyForcibly();
      long t0 = System.nanoTime();
      assertTrue(rank0.waitFor(30, TimeUnit.SECONDS), "rank 0 stops within 30 s:\n" + read(log));
      System.out.printf("rank 0 stopped %.1f s after rank 1 was killed%n", (System.nanoTime() - t0) / 1e9);
      assertNotEquals(0, rank0.exitValue());
      String text = read(log);
      assertTrue(text.contains("rank 1 (pid " + worker + ") exited with status 137 (killed by signal 9)"), text);
    } finally {
      rank0.destroyForcibly();
    }
  }

  @Test
  void killingTheLauncherEndsTheWorkerWithAnErrorNamingIt(@TempDir Path tmp) throws Exception {
    Process rank0 = start(tmp, "b");
    Path log = tmp.resolve("b.log");
    long worker = awaitTraining(rank0, log);
    ProcessHandle handle = ProcessHandle.of(worker).orElseThrow();
    try {
      rank0.destroyForcibly().waitFor();
      long t0 = System.nanoTime();
      handle.onExit().get(30, TimeUnit.SECONDS);
      System.out.printf("rank 1 stopped %.1f s after rank 0 was killed%n", (System.nanoTime() - t0) / 1e9);
      assertFalse(handle.isAlive());
      Thread.sleep(200); // the worker's last words reach the shared log
      assertTrue(read(log).contains("its launcher, local rank 0 (pid " + rank0.pid() + "), is gone"), read(log));
    } finally {
      handle.destroyForcibly();
    }
  }
}

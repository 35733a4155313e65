package org.rnnt4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM on the test classpath. Measurements of the process itself (resident
 * memory) and end-to-end runs of the command line go there, so that they neither see nor disturb the
 * rest of the suite: its heap, its threads, its native allocations, its static state.
 */
public final class ChildJvm {
  /** The child's exit code and its stdout and stderr, interleaved. */
  public record Result(int exitCode, String output) {
    /** The last {@code n} lines of the output, for failure messages. */
    public String tail(int n) {
      List<String> lines = output.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
  }

  private ChildJvm() {}

  private static String read(Path log) throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8); // malformed bytes become U+FFFD
  }

  /**
   * @param jvmOptions e.g. {@code -Xmx1g}
   * @param environment variables added to this process's environment
   * @param timeout the child is killed after it, and the call fails
   */
  public static Result run(
      Class<?> mainClass, List<String> jvmOptions, Map<String, String> environment, Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    Path log = null;
    try {
      // Output goes to a file, not a pipe: a chatty child can never block on a full pipe.
      log = Files.createTempFile("rnnt4j-child-", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process child = builder.start();
      if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly().waitFor();
        throw new AssertionError(
            "child JVM " + mainClass.getSimpleName() + " ran past " + timeout + ":\n" + read(log));
      }
      return new Result(child.exitValue(), read(log));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + mainClass.getSimpleName(), e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a leftover log in the temp directory is harmless
        }
      }
    }
  }
}

package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rnnt4j.util.DataException;

/**
 * Decoding through FFmpeg frees every native object: eighteen hundred decodes (good files, and
 * corrupt ones that take the error paths) leave resident native memory flat. A leaked I/O buffer
 * (64 KiB) or codec context per decode would add far more than the bound.
 *
 * <p>The decodes run in a child JVM with a small, pre-touched, fixed-size heap, so that the
 * resident set size moves only with native memory; in the test JVM the 4 GiB heap commits and
 * releases pages at will.
 */
class NativeMemoryTest {
  private static final int WARM_UP_ROUNDS = 200;
  private static final int MEASURED_ROUNDS = 600;

  @Test
  void thousandsOfDecodesDoNotGrowNativeMemory() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "reads resident memory from /proc/self/status (Linux only)");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-Xms64m",
                "-Xmx64m",
                "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                NativeMemoryTest.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, child.exitValue(), output);
    String last = output.strip().lines().reduce((a, b) -> b).orElse("");
    long grown = Long.parseLong(last.substring(last.indexOf('=') + 1).trim());
    System.out.printf(
        "native memory growth over %d decodes: %.2f MiB%n", 3 * MEASURED_ROUNDS, grown / 1048576.0);
    assertTrue(grown < 4L << 20, "resident memory grew by " + grown + " bytes:\n" + output);
  }

  @Test
  void everyIoContextIsReleased() {
    // relative to the count before: a context another test class left open is not this test's leak
    int before = ByteBufferIo.openCount();
    AudioDecoder.decode(AudioFixtures.bytes("stereo.opus"), "stereo.opus");
    try {
      AudioDecoder.decode(
          TestFiles.concat(TestFiles.ascii("OggS"), TestFiles.randomBytes(500, 5)), "bad");
    } catch (DataException expected) {
      // the error path must release its context too
    }
    assertEquals(before, ByteBufferIo.openCount());
  }

  /** Child JVM: decodes in rounds and prints {@code grown=BYTES} of resident set size. */
  public static void main(String[] args) throws IOException {
    byte[] opus = AudioFixtures.bytes("stereo.opus");
    byte[] mp3 = AudioFixtures.bytes("stereo.mp3");
    byte[] corrupt = TestFiles.concat(TestFiles.ascii("fLaC"), TestFiles.randomBytes(2000, 11));
    Runnable round =
        () -> {
          AudioDecoder.decode(opus, "stereo.opus");
          AudioDecoder.decode(mp3, "stereo.mp3");
          try {
            AudioDecoder.decode(corrupt, "corrupt.flac");
          } catch (DataException expected) {
            // counted as a decode too
          }
        };
    for (int i = 0; i < WARM_UP_ROUNDS; i++) {
      round.run();
    }
    long before = residentBytes();
    for (int i = 0; i < MEASURED_ROUNDS; i++) {
      round.run();
    }
    System.out.println("grown=" + (residentBytes() - before));
  }

  private static long residentBytes() throws IOException {
    System.gc();
    List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
    for (String line : status) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}

package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh machine has an empty JavaCPP cache; loading libtorch while its natives are being extracted
 * crashed the JVM (SIGSEGV). This runs a child JVM with an empty cache directory and checks it computes.
 */
@Tag("slow")
class FreshNativeCacheTest {
  @Test
  void firstLoadWithAnEmptyJavacppCacheWorks(@TempDir Path cache) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                    "-cp",
                    System.getProperty("java.class.path"),
                    FreshCacheProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
    assertTrue(out.contains("sum=14.0"), out);
    try (var files = Files.walk(cache)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("libtorch_cpu")), "natives were not extracted into the fresh cache");
    }
  }
}

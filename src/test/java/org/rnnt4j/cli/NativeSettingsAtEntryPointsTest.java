package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way into rnnt4j applies the native thread settings before libtorch's OpenMP runtime loads: the
 * command line and the Java API ({@code ModelLoading.open}), each in a fresh child JVM that never calls
 * {@code Engine.init()} itself and whose environment has none of the variables. libgomp's own {@code
 * OMP_DISPLAY_ENV=VERBOSE} listing (printed once, when it loads) must show the passive wait policy with a
 * spin count of 0, which it can only report if the variable was in the C environment before it loaded;
 * OpenBLAS's pool is sized to the intra-op threads ({@code RNNT4J_THREADS=2} here) with its short idle
 * spin; libtorch runs 2 intra-op threads and 1 inter-op thread. No timing is measured.
 */
class NativeSettingsAtEntryPointsTest {
  private static final String MODEL = "src/test/resources/nemo/contextnet_strided_tiny.nemo";
  private static final List<String> REMOVED =
      List.of(
          "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME", "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
          "OMP_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT", "OPENBLAS_DEFAULT_NUM_THREADS", "RNNT4J_INTEROP_THREADS");

  private static String probe(String mode) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EntryPointProbe.class.getName(),
                mode,
                MODEL)
            .redirectErrorStream(true);
    REMOVED.forEach(builder.environment()::remove);
    builder.environment().put("OMP_DISPLAY_ENV", "VERBOSE");
    builder.environment().put("RNNT4J_THREADS", "2");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"cli", "library"})
  void theEntryPointAppliesTheThreadSettingsBeforeTheNativesLoad(String mode) throws Exception {
    String out = probe(mode);
    if (mode.equals("cli")) {
      assertTrue(out.contains("exit=0"), "rnnt4j info ran:\n" + out);
    } else {
      assertTrue(out.contains("parameters="), "the model loaded:\n" + out);
    }
    assertTrue(out.contains("env OMP_WAIT_POLICY=PASSIVE"), out);
    assertTrue(out.contains("env OPENBLAS_NUM_THREADS=2"), out);
    assertTrue(out.contains("env OPENBLAS_THREAD_TIMEOUT=16"), out);
    assertTrue(out.contains("intra_op_threads=2"), out);
    assertTrue(out.contains("inter_op_threads=1"), out);
    assumeTrue(System.getProperty("os.name", "").startsWith("Linux"), "libgomp's own listing is checked on Linux");
    // libgomp's default without the variable would be GOMP_SPINCOUNT = '300000'
    assertTrue(out.contains("OMP_WAIT_POLICY = 'PASSIVE'"), out);
    assertTrue(out.contains("GOMP_SPINCOUNT = '0'"), "libgomp read the policy when it loaded:\n" + out);
  }
}

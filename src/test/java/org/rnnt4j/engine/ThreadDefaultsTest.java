package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rnnt4j.util.ProcessEnvironment;

/**
 * The native thread settings ({@link ThreadDefaults}) reach the libraries: in a child JVM started
 * without any of the variables, libgomp itself reports (its {@code OMP_DISPLAY_ENV=VERBOSE} listing,
 * printed when it loads) the passive wait policy with a spin count of 0, which it can only have read if
 * rnnt4j set the variable before libtorch loaded it; OpenBLAS's variables are in the C environment; and
 * glibc keeps large blocks ({@link MallocDefaults}). A user's own setting is kept. No timing is measured.
 */
class ThreadDefaultsTest {
  /** Every variable that the defaults depend on, removed from the child's environment. */
  private static final List<String> THREAD_VARIABLES =
      List.of(
          "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME", "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS",
          "OMP_NUM_THREADS", "OPENBLAS_THREAD_TIMEOUT", "OPENBLAS_DEFAULT_NUM_THREADS", "RNNT4J_MALLOC",
          "MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "GLIBC_TUNABLES",
          "MALLOC_ARENA_MAX");

  private static String runProbe(Map<String, String> env, String... jvmOptions) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ThreadDefaultsProbe.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    THREAD_VARIABLES.forEach(builder.environment()::remove);
    builder.environment().put("OMP_DISPLAY_ENV", "VERBOSE");
    builder.environment().put("RNNT4J_THREADS", "2");
    builder.environment().putAll(env);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
    assertTrue(out.contains("sum="), "the probe computed:\n" + out);
    return out;
  }

  private static boolean linuxLibgomp() {
    return System.getProperty("os.name", "").startsWith("Linux");
  }

  @Test
  void aFreshProcessGetsThePassiveWaitPolicyBeforeLibgompLoads() throws Exception {
    String out = runProbe(Map.of());
    assertTrue(out.contains("env OMP_WAIT_POLICY=PASSIVE"), out);
    assertTrue(out.contains("env OPENBLAS_NUM_THREADS=2"), out);
    assertTrue(out.contains("env OPENBLAS_THREAD_TIMEOUT=" + ThreadDefaults.OPENBLAS_TIMEOUT_LOG2_CYCLES), out);
    assertTrue(out.contains("pointer gc false"), "JavaCPP's handles are freed by scopes only:\n" + out);
    assumeTrue(linuxLibgomp(), "libgomp's own listing is checked on Linux (libtorch's OpenMP runtime there)");
    assertTrue(out.contains("malloc {keep_large_blocks=true, trim_threshold=" + org.rnnt4j.util.NativeAllocator.KEPT_FREE_BYTES + "}"), "glibc keeps large blocks and freed memory:\n" + out);
    // libgomp's default without the variable would be GOMP_SPINCOUNT = '300000'
    assertTrue(out.contains("OMP_WAIT_POLICY = 'PASSIVE'"), out);
    assertTrue(out.contains("GOMP_SPINCOUNT = '0'"), "libgomp read the policy when it loaded:\n" + out);
  }

  @Test
  void theUsersJavacppPointerGcChoiceIsKept() throws Exception {
    String out = runProbe(Map.of(), "-Dorg.bytedeco.javacpp.nopointergc=false");
    assertTrue(out.contains("pointer gc true"), out);
  }

  @Test
  void theUsersOwnSettingsAreKept() throws Exception {
    String out =
        runProbe(Map.of("OMP_WAIT_POLICY", "ACTIVE", "OPENBLAS_NUM_THREADS", "1", "RNNT4J_MALLOC", "system"));
    assertTrue(out.contains("env OMP_WAIT_POLICY=ACTIVE"), out);
    assertTrue(out.contains("malloc {RNNT4J_MALLOC=system, keep_large_blocks=false}"), out);
    assertTrue(out.contains("env OPENBLAS_NUM_THREADS=1"), out);
    assertTrue(out.contains("kept {OMP_WAIT_POLICY=ACTIVE, OPENBLAS_NUM_THREADS=1}"), out);
    assumeTrue(linuxLibgomp(), "libgomp's own listing is checked on Linux");
    assertTrue(out.contains("OMP_WAIT_POLICY = 'ACTIVE'"), out);
  }

  @Test
  void thisProcessHasWhatTheDefaultsSet() {
    Engine.init();
    ThreadDefaults.Applied applied = ThreadDefaults.applied();
    assertNotNull(applied, "Engine.init applies the defaults");
    assertTrue(applied.writable(), "JNA can write the C environment on this platform");
    applied.set().forEach((name, value) -> assertEquals(value, ProcessEnvironment.get(name).orElse(null), name));
    assertTrue(ProcessEnvironment.get("OMP_WAIT_POLICY").isPresent() || applied.kept().containsKey("GOMP_SPINCOUNT")
        || applied.kept().containsKey("KMP_BLOCKTIME"), "a wait policy is in force: " + applied);
  }
}

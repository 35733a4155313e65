package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.BuildInfo;

/**
 * The commands print no JavaCPP version warning for the OpenBLAS preset that pom.xml pins on purpose
 * (see {@code NativeLoader.initOpenblasPreset}). Child JVMs, because this test JVM may have loaded the
 * natives already; a control run shows the warning is there to be silenced.
 */
class NativeWarningTest {
  private static final String WARNING = "Versions of org.bytedeco:javacpp:";

  private static String runChild(String mainClass, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
    return out;
  }

  @Test
  void theVersionCheckWarnsWithoutRnnt4j() throws Exception {
    assumeFalse(
        BuildInfo.openblasVersion().endsWith("-" + BuildInfo.javacppVersion()),
        "OpenBLAS is no longer pinned to another JavaCPP release: nothing to silence");
    String out = runChild(OpenblasPresetProbe.class.getName());
    assertTrue(out.contains(WARNING), "the pinned OpenBLAS " + BuildInfo.openblasVersion() + " warns by itself:\n" + out);
  }

  @Test
  void aCommandThatLoadsLibtorchPrintsNoVersionWarning() throws Exception {
    String out = runChild(Main.class.getName(), "info", Goldens.resource("nemo/contextnet_tiny.nemo").toString());
    assertTrue(out.contains("architecture: EncDecRNNTBPEModel"), "the command ran:\n" + out);
    assertFalse(out.contains(WARNING), out);
    assertFalse(out.contains("do not match"), out);
  }
}

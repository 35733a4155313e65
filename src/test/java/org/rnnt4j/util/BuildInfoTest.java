package org.rnnt4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The versions BuildInfo reports are pom.xml's, filled in by Maven's resource filtering. */
class BuildInfoTest {
  private static String pom(String regex) throws Exception {
    Matcher m = Pattern.compile(regex).matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "pom.xml matches " + regex);
    return m.group(1);
  }

  @Test
  void versionsAreThePomsVersions() throws Exception {
    assertEquals(pom("<artifactId>rnnt4j</artifactId>\\s*<version>([^<]+)</version>"), BuildInfo.version());
    String pytorch = pom("<pytorch.version>([^<]+)</pytorch.version>");
    assertEquals(pytorch, BuildInfo.pytorchPresetVersion());
    assertEquals(pytorch.substring(0, pytorch.indexOf('-')), BuildInfo.libtorchVersion());
    assertEquals(BuildInfo.libtorchVersion() + " (org.bytedeco:pytorch:" + pytorch + ")", BuildInfo.libtorchDescription());
    assertEquals(pom("<javacpp.version>([^<]+)</javacpp.version>"), BuildInfo.javacppVersion());
    assertEquals(pom("<openblas.version>([^<]+)</openblas.version>"), BuildInfo.openblasVersion());
  }
}

package org.rnnt4j.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this build was made with: rnnt4j's own and those of the native presets it was built
 * against. They come from {@code org/rnnt4j/version.properties}, which Maven fills from {@code pom.xml}
 * (resource filtering is enabled for that one file), so the version is written in one place, the POM.
 */
public final class BuildInfo {
  private static final String RESOURCE = "/org/rnnt4j/version.properties";
  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  /** rnnt4j's version, the POM's {@code project.version}. */
  public static String version() {
    return get("rnnt4j.version");
  }

  /** The Bytedeco PyTorch preset, e.g. {@code 2.13.0-1.5.14}. */
  public static String pytorchPresetVersion() {
    return get("pytorch.version");
  }

  /** The libtorch release inside the preset, e.g. {@code 2.13.0}. */
  public static String libtorchVersion() {
    String preset = pytorchPresetVersion();
    int dash = preset.indexOf('-');
    return dash < 0 ? preset : preset.substring(0, dash);
  }

  /** For provenance: {@code 2.13.0 (org.bytedeco:pytorch:2.13.0-1.5.14)}. */
  public static String libtorchDescription() {
    return libtorchVersion() + " (org.bytedeco:pytorch:" + pytorchPresetVersion() + ")";
  }

  /** The JavaCPP release the presets need, e.g. {@code 1.5.14}. */
  public static String javacppVersion() {
    return get("javacpp.version");
  }

  /** The OpenBLAS preset pinned in the POM, e.g. {@code 0.3.31-1.5.13}. */
  public static String openblasVersion() {
    return get("openblas.version");
  }

  private static String get(String key) {
    String value = PROPERTIES.getProperty(key);
    Checks.state(
        value != null && !value.startsWith("${"),
        "%s in %s is %s: the resource was not filtered by Maven (build with mvn)", key, RESOURCE, value);
    return value;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      Checks.state(in != null, "%s is missing from the class path", RESOURCE);
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    return p;
  }
}

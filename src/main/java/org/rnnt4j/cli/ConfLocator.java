package org.rnnt4j.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds {@code --config_path}: the path as given when it exists, else a file of that name in {@code conf/}
 * of the working directory or of rnnt4j's installation (the folder holding {@code target/rnnt4j.jar}), so
 * that the recipe's {@code --config_path=conformer_transducer_bpe_xlarge.yaml} or {@code
 * conf/conformer_transducer_bpe_xlarge.yaml} works from any directory.
 */
final class ConfLocator {
  private ConfLocator() {}

  /**
   * @return the conf found, or {@code given} unchanged when none is (the caller's error names it)
   */
  static Path locate(Path given) {
    if (given == null || Files.isRegularFile(given)) {
      return given;
    }
    for (Path candidate : candidates(given)) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return given;
  }

  /** Where a missing conf was looked for, for the error message. */
  static List<Path> candidates(Path given) {
    Set<Path> out = new LinkedHashSet<>();
    Path name = given.getFileName();
    out.add(Path.of("conf").resolve(name).toAbsolutePath());
    Path home = installation();
    if (home != null) {
      out.add(home.resolve("conf").resolve(given).normalize());
      out.add(home.resolve("conf").resolve(name));
      out.add(home.resolve(given).normalize());
    }
    return new ArrayList<>(out);
  }

  /** The folder above target/ (the jar's or the classes' folder), or null when unknown. */
  private static Path installation() {
    try {
      var source = ConfLocator.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path code = Path.of(source.getLocation().toURI());
      Path target = code.getParent();
      return target == null ? null : target.getParent();
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return null;
    }
  }
}

package org.rnnt4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project directory and the shared reference data beside it ({@code ../shared}), so that tests name
 * files by repository path instead of by where one machine keeps them.
 *
 * <p>The project directory is Maven's {@code basedir} (surefire sets it), else the working directory.
 * {@code ../shared} is read relative to it; {@code -Drnnt4j.shared=DIR} points elsewhere (a git worktree
 * lives one level deeper than the main checkout, for example).
 */
public final class ProjectPaths {
  private ProjectPaths() {}

  /** The project (Maven base) directory, absolute. */
  public static Path root() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
  }

  /** {@code ../shared/<first>/<more...>}, resolved from {@link #root()} (or {@code -Drnnt4j.shared}). */
  public static Path shared(String first, String... more) {
    String override = System.getProperty("rnnt4j.shared");
    Path base = override != null ? Path.of(override) : root().resolve("..").resolve("shared");
    return base.resolve(Path.of(first, more)).toAbsolutePath().normalize();
  }

  /**
   * {@link #shared} when that path exists; otherwise the calling test is skipped (an assumption fails)
   * with a message naming what it needs.
   */
  public static Path requireShared(String first, String... more) {
    Path path = shared(first, more);
    String name = "../shared/" + Path.of(first, more).toString().replace('\\', '/');
    assumeTrue(
        Files.exists(path),
        () -> "needs " + name + " (the shared reference data beside the project directory, or -Drnnt4j.shared=DIR),"
            + " absent here (" + path + "): skipped; the committed fixtures cover the same code");
    return path;
  }
}

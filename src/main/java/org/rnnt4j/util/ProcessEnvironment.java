package org.rnnt4j.util;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This process's C environment ({@code getenv}/{@code setenv} of the C library), which native
 * libraries read when they load: libgomp reads {@code OMP_WAIT_POLICY} and {@code GOMP_SPINCOUNT},
 * OpenBLAS {@code OPENBLAS_NUM_THREADS}, once, in their load-time constructors. The JDK has no way
 * to change its own environment ({@link System#getenv()} is a snapshot taken at start-up, and the
 * C environment is not written back from it), so this goes through the C library by JNA.
 *
 * <p>Not thread-safe against concurrent {@code getenv} in native code (glibc's {@code setenv} is
 * not); call it at start-up, before the native libraries that read the variables load. Where JNA
 * cannot load (an unusual platform), {@link #available()} is false, writes do nothing and reads
 * fall back to the start-up snapshot.
 */
public final class ProcessEnvironment {
  private static final Logger LOG = Logger.getLogger(ProcessEnvironment.class.getName());
  private static final CLibrary LIBC = load();

  private ProcessEnvironment() {}

  /** The C library's environment calls, as POSIX declares them. */
  private interface CLibrary extends Library {
    String getenv(String name);

    int setenv(String name, String value, int overwrite);
  }

  private static CLibrary load() {
    if (Platform.isWindows()) {
      return null; // no setenv there; rnnt4j ships natives for Linux and macOS
    }
    try {
      return Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
    } catch (Throwable e) { // UnsatisfiedLinkError, or JNA's own natives missing
      LOG.log(Level.FINE, "JNA cannot load the C library; the process environment stays as it started", e);
      return null;
    }
  }

  /** Whether the C environment can be read and written here. */
  public static boolean available() {
    return LIBC != null;
  }

  /** The variable as native code sees it now (the start-up value where {@link #available()} is false). */
  public static Optional<String> get(String name) {
    Checks.notNull(name, "name");
    return Optional.ofNullable(LIBC != null ? LIBC.getenv(name) : System.getenv(name));
  }

  /**
   * Sets the variable unless it is already set.
   *
   * @return true if this call set it; false if it was set already or the environment cannot be
   *     written here
   */
  public static synchronized boolean setIfAbsent(String name, String value) {
    Checks.argument(!name.isEmpty() && name.indexOf('=') < 0, "not a variable name: '%s'", name);
    Checks.notNull(value, "value");
    if (LIBC == null || LIBC.getenv(name) != null) {
      return false;
    }
    if (LIBC.setenv(name, value, 0) != 0) {
      LOG.fine("setenv(" + name + ") failed; left unset");
      return false;
    }
    return true;
  }
}

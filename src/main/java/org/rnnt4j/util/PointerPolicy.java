package org.rnnt4j.util;

import java.util.logging.Logger;

/**
 * How JavaCPP tracks the native objects it wraps, chosen by rnnt4j before JavaCPP's {@code Pointer} class
 * initialises (it reads its system properties once): {@code org.bytedeco.javacpp.nopointergc=true}, so
 * that a native object is freed by the {@code TensorScope} it was made in (every step, batch and layer
 * of rnnt4j runs in one) and not also registered with the garbage collector. That registration (a
 * phantom reference per object, and a memory count that reads the process's resident size) cost 6-7 µs of
 * the 8.5 µs that a small tensor operation took, against 1.8 µs without it, and a decoding or training
 * step makes thousands of small operations. The price: a native object made outside any scope and never
 * closed lives until the process ends (the garbage collector no longer frees it). A user who sets the
 * property themselves ({@code -Dorg.bytedeco.javacpp.nopointergc=false}) keeps their choice.
 */
public final class PointerPolicy {
  private static final Logger LOG = Logger.getLogger(PointerPolicy.class.getName());
  static final String NO_POINTER_GC = "org.bytedeco.javacpp.nopointergc";

  private static volatile Boolean applied;

  private PointerPolicy() {}

  /** Sets the property unless the user did; idempotent. Call before the first JavaCPP object is made. */
  public static synchronized void apply() {
    if (applied != null) {
      return;
    }
    boolean userChose = System.getProperty(NO_POINTER_GC) != null;
    if (!userChose) {
      System.setProperty(NO_POINTER_GC, "true");
    }
    applied = !userChose;
    LOG.fine(() -> NO_POINTER_GC + "=" + System.getProperty(NO_POINTER_GC) + (userChose ? " (the user's)" : " (rnnt4j's)"));
  }

  /** Whether the garbage collector also frees JavaCPP objects in this process (JavaCPP's default). */
  public static boolean garbageCollected() {
    return !Boolean.parseBoolean(System.getProperty(NO_POINTER_GC, "false"));
  }
}

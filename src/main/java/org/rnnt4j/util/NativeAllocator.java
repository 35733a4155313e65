package org.rnnt4j.util;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * glibc's {@code malloc} policy for this process, through {@code mallopt} (JNA). By default glibc serves
 * every block above its mmap threshold (at most 32 MiB) with a fresh {@code mmap} and unmaps it on
 * {@code free}, so a training step that allocates the same large tensors every step (a joint's logits,
 * hundreds of MiB) takes a page fault on every 4 KiB of them, every step. {@link #keepLargeBlocks()}
 * makes glibc serve those blocks from its heap instead, where freed blocks are reused by the next step.
 * Linux with glibc only; elsewhere it does nothing.
 */
public final class NativeAllocator {
  private static final Logger LOG = Logger.getLogger(NativeAllocator.class.getName());
  /** glibc's {@code M_MMAP_MAX} parameter of {@code mallopt}. */
  private static final int M_MMAP_MAX = -4;
  /** glibc's {@code M_TRIM_THRESHOLD} parameter of {@code mallopt}. */
  private static final int M_TRIM_THRESHOLD = -1;
  /**
   * Free memory at the top of a heap that glibc keeps mapped instead of returning it to the system: more
   * than the largest tensor a step frees and allocates again (a pruned joint's logits are 130 MiB).
   */
  public static final long KEPT_FREE_BYTES = 256L << 20;

  private NativeAllocator() {}

  /**
   * {@code mallopt(M_MMAP_MAX, 0)}: no block is mmapped on its own any more.
   *
   * @return whether glibc accepted it (false on other C libraries and platforms)
   */
  public static boolean keepLargeBlocks() {
    return mallopt(M_MMAP_MAX, 0);
  }

  /**
   * {@code mallopt(M_TRIM_THRESHOLD, KEPT_FREE_BYTES)}: freed memory at the top of the heap stays mapped
   * up to {@link #KEPT_FREE_BYTES} (glibc's default returns everything above 128 KiB, so that a step
   * which frees its large tensors and allocates them again takes a page fault on every 4 KiB of them).
   *
   * @return whether glibc accepted it
   */
  public static boolean keepFreedMemory() {
    return mallopt(M_TRIM_THRESHOLD, (int) Math.min(Integer.MAX_VALUE, KEPT_FREE_BYTES));
  }

  private static boolean mallopt(int parameter, int value) {
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
      libc.getFunction("gnu_get_libc_version"); // throws UnsatisfiedLinkError on musl and others
      Function mallopt = libc.getFunction("mallopt");
      return mallopt.invokeInt(new Object[] {parameter, value}) == 1;
    } catch (Throwable e) { // UnsatisfiedLinkError, or JNA's own natives missing
      LOG.log(Level.FINE, "mallopt is not available here; the allocator keeps its defaults", e);
      return false;
    }
  }
}

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

  private NativeAllocator() {}

  /**
   * {@code mallopt(M_MMAP_MAX, 0)}: no block is mmapped on its own any more.
   *
   * @return whether glibc accepted it (false on other C libraries and platforms)
   */
  public static boolean keepLargeBlocks() {
    if (!Platform.isLinux()) {
      return false;
    }
    try {
      NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
      libc.getFunction("gnu_get_libc_version"); // throws UnsatisfiedLinkError on musl and others
      Function mallopt = libc.getFunction("mallopt");
      return mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0}) == 1;
    } catch (Throwable e) { // UnsatisfiedLinkError, or JNA's own natives missing
      LOG.log(Level.FINE, "mallopt is not available here; the allocator keeps its defaults", e);
      return false;
    }
  }
}

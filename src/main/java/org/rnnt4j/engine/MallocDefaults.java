package org.rnnt4j.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.util.NativeAllocator;
import org.rnnt4j.util.ProcessEnvironment;

/**
 * How this process's C allocator treats large blocks, chosen by rnnt4j in {@link Engine#init()}: glibc
 * keeps blocks of every size in its heap for reuse ({@link NativeAllocator#keepLargeBlocks()}) instead of
 * mapping each large one afresh. A training step allocates the same large tensors every step (the
 * joint's logits and hidden activations, hundreds of MiB); with glibc's default each of them costs a page
 * fault per 4 KiB touched, every step, which profiles of {@code bench train} showed as a quarter of the
 * step's CPU time on a virtual machine. The price is a higher resident peak (freed blocks stay mapped and
 * the heap fragments: about +17% on {@code bench train}'s ContextNet step). Left alone when the user
 * tuned glibc's allocator ({@code MALLOC_MMAP_MAX_}, {@code MALLOC_MMAP_THRESHOLD_}, {@code
 * MALLOC_TRIM_THRESHOLD_}, {@code MALLOC_TOP_PAD_}, {@code GLIBC_TUNABLES}) or set {@code
 * RNNT4J_MALLOC=system}, and on other C libraries.
 */
public final class MallocDefaults {
  private static final Logger LOG = Logger.getLogger(MallocDefaults.class.getName());
  private static final List<String> USER_CHOICES =
      List.of(
          "RNNT4J_MALLOC", "MALLOC_MMAP_MAX_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
          "GLIBC_TUNABLES");

  private static volatile Map<String, String> applied;

  private MallocDefaults() {}

  /**
   * What {@link #apply} did: {@code keep_large_blocks} true or false, and the user's variables that
   * made it leave the allocator alone. Null before it ran.
   */
  public static Map<String, String> applied() {
    return applied;
  }

  static synchronized Map<String, String> apply() {
    if (applied != null) {
      return applied;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : USER_CHOICES) {
      ProcessEnvironment.get(name).ifPresent(value -> out.put(name, value));
    }
    boolean keep = out.isEmpty() && NativeAllocator.keepLargeBlocks();
    out.put("keep_large_blocks", Boolean.toString(keep));
    applied = Map.copyOf(out);
    LOG.fine(() -> "C allocator: " + out);
    return applied;
  }
}

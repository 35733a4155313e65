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
 * the heap fragments: about +17% on {@code bench train}'s ContextNet step). It also keeps up to {@link
 * NativeAllocator#KEPT_FREE_BYTES} of freed memory at the top of the heap mapped (glibc returns everything
 * above 128 KiB by default). Both apply to the heaps glibc calls arenas; a thread other than the process's
 * first gets an arena of its own, made of 64 MiB heaps, which serves any larger block by a fresh mapping
 * whatever the settings. The {@code rnnt4j} launcher therefore starts the JVM with {@code
 * MALLOC_ARENA_MAX=1} (one arena for every thread, which glibc reads at start only; Java API users set it
 * themselves): on the recipe's dummy ContextNet with the pruned loss that took the step from 80,000 page
 * faults and 1.04 s to 4,000-16,000 faults and 0.48-0.74 s. Left alone when the user
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
    if (keep && NativeAllocator.keepFreedMemory()) {
      out.put("trim_threshold", Long.toString(NativeAllocator.KEPT_FREE_BYTES));
    }
    ProcessEnvironment.get("MALLOC_ARENA_MAX").ifPresent(value -> out.put("MALLOC_ARENA_MAX", value));
    applied = Map.copyOf(out);
    LOG.fine(() -> "C allocator: " + out);
    return applied;
  }
}

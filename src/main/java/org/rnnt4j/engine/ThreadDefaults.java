package org.rnnt4j.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.util.ProcessEnvironment;

/**
 * How libtorch's thread pools wait, chosen by rnnt4j before they exist: written into this process's C
 * environment ({@link ProcessEnvironment}) by {@link Engine#init()} before libgomp (libtorch's OpenMP
 * runtime) and OpenBLAS load, because both read their settings once, when they load. No child process
 * is started: the process the user runs is the one that trains.
 *
 * <p>Why: by default libgomp's idle team threads spin for a few milliseconds after every parallel
 * region, and OpenBLAS's threads spin (yielding) for about 2^28 cycles, a tenth of a second, after
 * every matrix product. On a machine whose cores are all in the team, any other thread that wants a
 * core (the data loader, the Java loss kernel's workers, an evaluation, the JIT, another job) then
 * competes with spinning threads, and a team waiting for a descheduled member stalls every operation.
 * So, unless the user chose otherwise:
 *
 * <ul>
 *   <li>{@code OMP_WAIT_POLICY=PASSIVE}: idle OpenMP threads sleep at once (libgomp's spin count 0;
 *       LLVM's libomp: block time 0). Left alone when {@code OMP_WAIT_POLICY}, {@code GOMP_SPINCOUNT}
 *       or {@code KMP_BLOCKTIME} is set.
 *   <li>{@code OPENBLAS_NUM_THREADS} = the intra-op thread count, so that OpenBLAS's own pool (it is
 *       the pthreads build, separate from OpenMP's) never outnumbers libtorch's threads. Left alone
 *       when {@code OPENBLAS_NUM_THREADS}, {@code GOTO_NUM_THREADS} or {@code OMP_NUM_THREADS} is set.
 *   <li>{@code OPENBLAS_THREAD_TIMEOUT=16}: OpenBLAS's idle threads spin about 2^16 cycles (tens of
 *       microseconds, about what a sleep and wake-up cost: back-to-back products such as an LSTM's
 *       steps keep their threads) and then sleep. Left alone when set.
 * </ul>
 *
 * <p>To get the libraries' own defaults back, set the variables yourself, e.g. {@code
 * GOMP_SPINCOUNT=300000} (libgomp's default spin) or {@code OMP_WAIT_POLICY=ACTIVE}, and {@code
 * OPENBLAS_THREAD_TIMEOUT=28}.
 */
public final class ThreadDefaults {
  private static final Logger LOG = Logger.getLogger(ThreadDefaults.class.getName());

  /** OpenBLAS's idle spin, as log2 of CPU cycles (OpenBLAS accepts 4 to 30, default 28). */
  static final int OPENBLAS_TIMEOUT_LOG2_CYCLES = 16;

  private static volatile Applied applied;

  private ThreadDefaults() {}

  /**
   * What {@link #apply} did.
   *
   * @param set the variables rnnt4j set, with their values
   * @param kept the variables the user had set that made rnnt4j leave a default alone, with their values
   * @param writable whether the C environment could be written at all ({@link ProcessEnvironment#available()})
   */
  public record Applied(Map<String, String> set, Map<String, String> kept, boolean writable) {
    public Applied {
      set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
      kept = Collections.unmodifiableMap(new LinkedHashMap<>(kept));
    }
  }

  /** What {@link Engine#init()} applied, or null before it ran. */
  public static Applied applied() {
    return applied;
  }

  /**
   * Writes the defaults that the user has not overridden. Call before libgomp and OpenBLAS load; once.
   *
   * @param intraOpThreads libtorch's intra-op thread count, which OpenBLAS's pool is sized to
   */
  static synchronized Applied apply(int intraOpThreads) {
    if (applied != null) {
      return applied;
    }
    Map<String, String> set = new LinkedHashMap<>();
    Map<String, String> kept = new LinkedHashMap<>();
    setUnlessAny(set, kept, "OMP_WAIT_POLICY", "PASSIVE", List.of("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "KMP_BLOCKTIME"));
    setUnlessAny(
        set, kept, "OPENBLAS_NUM_THREADS", Integer.toString(Math.max(1, intraOpThreads)),
        List.of("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"));
    setUnlessAny(
        set, kept, "OPENBLAS_THREAD_TIMEOUT", Integer.toString(OPENBLAS_TIMEOUT_LOG2_CYCLES),
        List.of("OPENBLAS_THREAD_TIMEOUT"));
    applied = new Applied(set, kept, ProcessEnvironment.available());
    LOG.fine(() -> "native thread settings: set " + set + ", kept the user's " + kept
        + (ProcessEnvironment.available() ? "" : " (the C environment cannot be written here: nothing set)"));
    return applied;
  }

  private static void setUnlessAny(
      Map<String, String> set, Map<String, String> kept, String name, String value, List<String> userChoices) {
    for (String choice : userChoices) {
      var existing = ProcessEnvironment.get(choice);
      if (existing.isPresent()) {
        kept.put(choice, existing.get());
        return;
      }
    }
    if (ProcessEnvironment.setIfAbsent(name, value)) {
      set.put(name, value);
    }
  }
}

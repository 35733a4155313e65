package org.rnnt4j.engine;

import org.bytedeco.openblas.global.openblas_full;
import org.bytedeco.pytorch.global.torch;
import org.rnnt4j.util.NativeLoader;

/**
 * The single entry point to libtorch: extracts the natives before the first torch class loads (see
 * {@link NativeLoader}), sets the intra-op thread count and seeds the generators. Every class that
 * touches libtorch goes through {@link #init()} first, so a fresh machine with an empty JavaCPP cache
 * never loads a half-extracted library.
 */
public final class Engine {
  private static volatile boolean initialised;

  private Engine() {}

  /** Idempotent: loads libtorch and sets intra-op threads to the available cores (or {@code RNNT4J_THREADS}). */
  public static void init() {
    if (initialised) {
      return;
    }
    synchronized (Engine.class) {
      if (initialised) {
        return;
      }
      NativeLoader.extract("javacpp", "openblas");
      NativeLoader.extractIfPresent("cuda");
      NativeLoader.extract("pytorch");
      String env = System.getenv("RNNT4J_THREADS");
      int threads = env != null ? Integer.parseInt(env) : Runtime.getRuntime().availableProcessors();
      setAllThreads(threads);
      initialised = true;
    }
  }

  public static int threads() {
    init();
    return torch.get_num_threads();
  }

  public static void setThreads(int threads) {
    init();
    setAllThreads(threads);
  }

  /**
   * libtorch's intra-op threads and OpenBLAS's own pool, which libtorch's matrix products use: left at
   * its default (every core) OpenBLAS spreads even a (2 x 320) x (320 x 1025) product over threads that
   * busy-wait, several times slower than one thread when the cores are shared.
   */
  private static void setAllThreads(int threads) {
    torch.set_num_threads(Math.max(1, threads));
    openblas_full.openblas_set_num_threads(Math.max(1, threads));
  }

  /** Seeds libtorch's default generators (CPU and, where present, CUDA). */
  public static void seed(long seed) {
    init();
    torch.manual_seed(seed);
  }

  public static boolean cudaAvailable() {
    init();
    try {
      return torch.cuda_is_available();
    } catch (Throwable e) {
      return false;
    }
  }

  /** Checks that {@code device} can be used here, with a message saying why not. */
  public static Device require(Device device) {
    init();
    if (device.isCuda() && !cudaAvailable()) {
      throw new IllegalArgumentException(
          "--device " + device + " asked for, but libtorch sees no CUDA device: build with"
              + " `mvn -Pcuda package` (the -gpu natives) on a machine with an NVIDIA GPU, or use --device cpu");
    }
    return device;
  }
}

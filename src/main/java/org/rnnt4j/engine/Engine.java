package org.rnnt4j.engine;

import org.bytedeco.openblas.global.openblas_full;
import org.bytedeco.pytorch.global.torch;
import java.util.logging.Logger;
import org.rnnt4j.util.NativeLoader;

/**
 * The single entry point to libtorch: extracts the natives before the first torch class loads (see
 * {@link NativeLoader}), sets the intra-op thread count and seeds the generators. Every class that
 * touches libtorch goes through {@link #init()} first, so a fresh machine with an empty JavaCPP cache
 * never loads a half-extracted library.
 */
public final class Engine {
  private static final Logger LOG = Logger.getLogger(Engine.class.getName());
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
      NativeLoader.initOpenblasPreset(); // without the known OpenBLAS version warning; must precede libtorch
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

  /** The device {@code spec} asks for, checked to be usable here (see {@link #require}); auto is logged. */
  public static Device resolve(DeviceSpec spec) {
    if (spec instanceof DeviceSpec.Named named) {
      return require(named.device());
    }
    if (spec instanceof DeviceSpec.Auto) {
      Device chosen = cudaAvailable() ? Device.cuda(0) : Device.CPU;
      LOG.info("--device auto: " + chosen + (chosen.isCuda()
          ? " (" + cudaDeviceCount() + " CUDA device(s) visible" + visibleDevicesNote() + ")"
          : " (" + whyNoCuda() + ")"));
      return chosen;
    }
    throw new IllegalArgumentException("unknown device spec " + spec);
  }

  /** Checks that {@code device} can be used here, with a message saying why not. */
  public static Device require(Device device) {
    init();
    if (device.isCuda() && !cudaAvailable()) {
      throw new IllegalArgumentException("--device " + device + " asked for, but " + whyNoCuda());
    }
    if (device.isCuda() && device.index() >= cudaDeviceCount()) {
      throw new IllegalArgumentException("--device " + device + " asked for, but libtorch sees " + cudaDeviceCount()
          + " CUDA device(s)" + visibleDevicesNote() + "; devices are numbered from 0 among the visible ones");
    }
    return device;
  }

  private static long cudaDeviceCount() {
    try {
      return torch.cuda_device_count();
    } catch (Throwable e) {
      return 0;
    }
  }

  /** What is missing for CUDA: the CUDA build of libtorch, or a device that build can see. */
  static String whyNoCuda() {
    if (!NativeLoader.hasGpuNatives("pytorch")) {
      return "these are libtorch's CPU natives: build with `mvn -Pcuda package` (the CUDA natives, linux-x86_64-gpu)"
          + " on a machine with an NVIDIA GPU and driver, or use --device cpu";
    }
    return "libtorch's CUDA natives see no CUDA device" + visibleDevicesNote()
        + ": check the NVIDIA driver (nvidia-smi) and CUDA_VISIBLE_DEVICES, or use --device cpu";
  }

  private static String visibleDevicesNote() {
    String visible = System.getenv("CUDA_VISIBLE_DEVICES");
    return visible == null ? "" : ", CUDA_VISIBLE_DEVICES=" + visible;
  }
}

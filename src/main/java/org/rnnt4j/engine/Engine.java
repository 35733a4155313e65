package org.rnnt4j.engine;

import org.bytedeco.pytorch.global.torch;
import java.util.logging.Logger;
import org.rnnt4j.util.NativeLoader;

/**
 * The single entry point to libtorch: writes the thread pools' wait settings into the process
 * environment ({@link ThreadDefaults}), extracts the natives before the first torch class loads (see
 * {@link NativeLoader}), sets the intra-op thread count and seeds the generators. Every class that
 * touches libtorch goes through {@link #init()} first, so a fresh machine with an empty JavaCPP cache
 * never loads a half-extracted library, and libgomp and OpenBLAS never load before their settings.
 */
public final class Engine {
  private static final Logger LOG = Logger.getLogger(Engine.class.getName());
  private static volatile boolean initialised;

  private Engine() {}

  /**
   * Idempotent: applies {@link ThreadDefaults} and {@link MallocDefaults}, loads libtorch, sets
   * intra-op threads to the available cores (or {@code RNNT4J_THREADS}) and inter-op threads to 1 (or
   * {@code RNNT4J_INTEROP_THREADS}). The inter-op pool serves only {@code torch.jit} forks and {@code
   * at::launch}, which rnnt4j never calls (its own concurrency is Java threads: the data loader, the
   * loss kernel's rows); libtorch would otherwise size it to every core.
   */
  public static void init() {
    if (initialised) {
      return;
    }
    synchronized (Engine.class) {
      if (initialised) {
        return;
      }
      int threads = positiveFromEnvironment("RNNT4J_THREADS", Runtime.getRuntime().availableProcessors());
      int interOp = positiveFromEnvironment("RNNT4J_INTEROP_THREADS", 1);
      ThreadDefaults.apply(threads); // before anything native loads: libgomp and OpenBLAS read it once
      MallocDefaults.apply();
      NativeLoader.extract("javacpp", "openblas");
      NativeLoader.initOpenblasPreset(); // without the known OpenBLAS version warning; must precede libtorch
      NativeLoader.extractIfPresent("cuda");
      NativeLoader.extract("pytorch");
      torch.set_num_threads(threads);
      try {
        torch.set_num_interop_threads(interOp); // only before any inter-op work: here, first thing
      } catch (RuntimeException e) {
        LOG.fine("inter-op threads left at libtorch's choice: " + e.getMessage());
      }
      initialised = true;
    }
  }

  private static int positiveFromEnvironment(String name, int otherwise) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Math.max(1, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number of threads, got '" + value + "'", e);
    }
  }

  /** libtorch's inter-op pool size ({@link #init()}). */
  public static int interOpThreads() {
    init();
    return (int) torch.get_num_interop_threads();
  }

  public static int threads() {
    init();
    return torch.get_num_threads();
  }

  public static void setThreads(int threads) {
    init();
    torch.set_num_threads(Math.max(1, threads));
  }

  /**
   * Waits until the work queued on {@code device} has run: a CUDA device's streams run asynchronously,
   * so wall time around an operation means nothing without it. CPU operations are synchronous already.
   * For timing only: a training step has no reason to wait.
   */
  public static void synchronize(Device device) {
    init();
    if (device.isCuda()) {
      torch.cuda_synchronize(device.index());
    }
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

package org.rnnt4j.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * What a step costs on a device, as far as rnnt4j can see it: the host-device copies its own code asks
 * for (a {@link Tensor} moved between the CPU and a CUDA device, or read into a Java array or value
 * from a CUDA device), counted process-wide; the peak memory of libtorch's CUDA caching allocator; and
 * a device synchronisation for wall-clock timing. Copies libtorch makes inside an op are not counted.
 */
public final class DeviceCounters {
  private static final AtomicLong HOST_TO_DEVICE = new AtomicLong();
  private static final AtomicLong DEVICE_TO_HOST = new AtomicLong();

  private DeviceCounters() {}

  /** Copies so far: [host to device, device to host]. */
  public static long[] copies() {
    return new long[] {HOST_TO_DEVICE.get(), DEVICE_TO_HOST.get()};
  }

  static void hostToDevice() {
    HOST_TO_DEVICE.incrementAndGet();
  }

  static void deviceToHost() {
    DEVICE_TO_HOST.incrementAndGet();
  }

  /** Waits for the device's queued work (nothing on the CPU). */
  public static void synchronize(Device device) {
    if (device.isCuda()) {
      torch_cuda.device_synchronize();
    }
  }

  /** Restarts the peak of {@link #peakBytes}. */
  public static void resetPeak(Device device) {
    if (device.isCuda()) {
      torch_cuda.getAllocator().resetPeakStats((byte) device.index());
    } else {
      try {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // Linux: restarts VmHWM
      } catch (java.io.IOException | UnsupportedOperationException e) {
        // not Linux: the peak then covers the whole process
      }
    }
  }

  /**
   * The peak since {@link #resetPeak}: on CUDA, bytes allocated to tensors by libtorch's caching
   * allocator ({@code torch.cuda.max_memory_allocated}); on the CPU, the process's peak resident set
   * ({@code VmHWM}), or -1 where /proc is missing.
   */
  public static long peakBytes(Device device) {
    if (device.isCuda()) {
      return torch_cuda.getAllocator().getDeviceStats((byte) device.index()).allocated_bytes().peak();
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return -1;
  }
}

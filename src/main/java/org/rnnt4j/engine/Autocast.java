package org.rnnt4j.engine;

import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.rnnt4j.util.Checks;

/**
 * Automatic mixed precision on the calling thread until closed, as {@code torch.autocast(device_type,
 * dtype)}: libtorch's autocast dispatch runs the operations on its lower-precision list (matrix
 * products, convolutions, linear layers, LSTMs) in {@code dtype} and keeps the precision-sensitive ones
 * (reductions, softmax, losses) in float32. Parameters stay float32; backward needs no scope (autograd
 * records the casts). Scopes nest; the outermost close clears libtorch's cache of cast weights.
 *
 * <p>bfloat16 on the CPU pays off where the processor multiplies it natively ({@code avx512_bf16},
 * {@code amx_bf16}; see {@code rnnt4j bench peak}); elsewhere libtorch emulates it and it is slower than
 * float32.
 */
public final class Autocast implements AutoCloseable {
  private final DeviceType device;
  private final boolean previousEnabled;
  private final ScalarType previousType;

  private Autocast(DeviceType device, DType dtype) {
    this.device = device;
    this.previousEnabled = torch.is_autocast_enabled(device);
    this.previousType = torch.get_autocast_dtype(device);
    torch.set_autocast_dtype(device, dtype.nativeType);
    torch.set_autocast_enabled(device, true);
    torch.increment_nesting();
  }

  /**
   * @param device where the operations run
   * @param dtype {@link DType#BFLOAT16} (CPU or CUDA) or {@link DType#FLOAT16} (CUDA)
   */
  public static Autocast enable(Device device, DType dtype) {
    Engine.init();
    Checks.argument(
        dtype == DType.BFLOAT16 || (dtype == DType.FLOAT16 && device.isCuda()),
        "autocast runs in bfloat16 (or float16 on CUDA), got %s on %s", dtype, device);
    return new Autocast(device.isCuda() ? DeviceType.CUDA : DeviceType.CPU, dtype);
  }

  /** Whether autocast is on for {@code device} on this thread. */
  public static boolean enabled(Device device) {
    Engine.init();
    return torch.is_autocast_enabled(device.isCuda() ? DeviceType.CUDA : DeviceType.CPU);
  }

  @Override
  public void close() {
    if (torch.decrement_nesting() == 0) {
      torch.clear_cache();
    }
    torch.set_autocast_enabled(device, previousEnabled);
    torch.set_autocast_dtype(device, previousType);
  }
}

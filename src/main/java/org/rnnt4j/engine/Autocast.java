package org.rnnt4j.engine;

import org.bytedeco.pytorch.global.torch;
import org.rnnt4j.util.Checks;

/**
 * Automatic mixed precision for one device kind, as {@code torch.autocast(device_type, dtype)} sets it:
 * until closed, the ops libtorch's autocast policy lists as safe in lower precision (matmul, linear,
 * convolutions, LSTM) cast their inputs to {@code dtype}, and those it lists as needing range to float32
 * (on CUDA softmax, log-sum-exp, norms, losses; the CPU's list is shorter and leaves softmax and log-sum-exp
 * in the lower precision). Parameters stay float32. The state is libtorch's, per thread; opening saves it and
 * closing puts it back, so scopes nest, and {@link #suspend} opens a float32 island inside one (the
 * transducer loss and its lattice).
 *
 * <p>libtorch's cache of cast weights is switched off inside the scope: it would hand a copy cast under
 * {@link NoGrad} (a checkpointed block's first run, {@link ActivationCheckpoint}) to the recomputation,
 * which needs one with a graph. Each use of a weight casts it again, which costs one pass over the
 * weights per use.
 *
 * <p>Whether an op has a lower-precision kernel depends on the device: on CPU, libtorch implements
 * bfloat16 widely and float16 for fewer ops; an op without one fails with libtorch's own message. bfloat16
 * on the CPU pays off where the processor multiplies it natively ({@code avx512_bf16}, {@code amx_bf16}; see
 * {@code rnnt4j bench peak}); elsewhere libtorch emulates it and it is slower than float32.
 */
public final class Autocast implements AutoCloseable {
  private final torch.DeviceType deviceType;
  private final boolean previousEnabled;
  private final torch.ScalarType previousDtype;
  private final boolean previousCache;
  private final boolean nested;
  private boolean closed;

  private Autocast(Device device, boolean enabled, DType dtype) {
    Engine.init();
    deviceType = deviceType(device);
    previousEnabled = torch.is_autocast_enabled(deviceType);
    previousDtype = torch.get_autocast_dtype(deviceType);
    previousCache = torch.is_autocast_cache_enabled();
    torch.set_autocast_enabled(deviceType, enabled);
    if (dtype != null) {
      torch.set_autocast_dtype(deviceType, dtype.nativeType);
    }
    torch.set_autocast_cache_enabled(false);
    nested = enabled;
    if (nested) {
      torch.increment_nesting();
    }
  }

  /**
   * Autocast to {@code dtype} on {@code device}'s kind until closed.
   *
   * @param dtype {@link DType#BFLOAT16} or {@link DType#FLOAT16}
   */
  public static Autocast enable(Device device, DType dtype) {
    Checks.notNull(device, "device");
    Checks.argument(
        dtype == DType.BFLOAT16 || dtype == DType.FLOAT16, "autocast casts to bfloat16 or float16, got %s", dtype);
    return new Autocast(device, true, dtype);
  }

  /** No autocast on {@code device}'s kind until closed: ops run in their inputs' dtypes. */
  public static Autocast suspend(Device device) {
    Checks.notNull(device, "device");
    return new Autocast(device, false, null);
  }

  /** Whether autocast is on for {@code device}'s kind on this thread. */
  public static boolean enabled(Device device) {
    Engine.init();
    return torch.is_autocast_enabled(deviceType(device));
  }

  /** The dtype autocast casts to on {@code device}'s kind (meaningful while {@link #enabled}). */
  public static DType dtype(Device device) {
    Engine.init();
    return DType.of(torch.get_autocast_dtype(deviceType(device)));
  }

  /**
   * This thread's autocast state for {@code device}'s kind, to enter again elsewhere (a recomputation in
   * the backward pass, which may run on libtorch's device thread).
   */
  public static State capture(Device device) {
    return enabled(device) ? new State(device, dtype(device)) : new State(device, null);
  }

  /**
   * An autocast state: on with {@code dtype}, or off ({@code dtype} null).
   *
   * @param device whose kind the state is for
   * @param dtype the lower precision, or null for off
   */
  public record State(Device device, DType dtype) {
    public State {
      Checks.notNull(device, "device");
    }

    /** Enters this state until closed. */
    public Autocast enter() {
      return dtype == null ? suspend(device) : enable(device, dtype);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (nested && torch.decrement_nesting() == 0) {
      torch.clear_cache(); // as torch.autocast's exit: no cast copy outlives the outermost scope
    }
    torch.set_autocast_enabled(deviceType, previousEnabled);
    torch.set_autocast_dtype(deviceType, previousDtype);
    torch.set_autocast_cache_enabled(previousCache);
  }

  private static torch.DeviceType deviceType(Device device) {
    return device.isCuda() ? torch.DeviceType.CUDA : torch.DeviceType.CPU;
  }
}

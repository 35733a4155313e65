package org.rnnt4j.loss;

import java.util.Arrays;
import java.util.List;
import org.rnnt4j.engine.Device;
import org.rnnt4j.util.Checks;

/**
 * The registry of RNN-T loss backends, as NeMo's {@code RNNT_LOSS_RESOLVER} ({@code
 * nemo/collections/asr/losses/rnnt.py}) is for its losses: each {@link LossBackend} reports whether
 * it can run on a device and why not, {@link #resolve} turns a {@link LossBackendChoice} into the
 * backend to use, and {@link #create} builds it.
 *
 * <p>The default ({@link LossBackendChoice#AUTO}): the Java kernel on the CPU, where it is the
 * fastest, and the tensor-ops formulation on any other device, where a host kernel would copy the
 * whole (B, T, U+1, V) logits to the host and the gradient back on every step.
 */
public final class LossBackends {
  private LossBackends() {}

  /**
   * Whether a backend can run on a device.
   *
   * @param reason why not, or what it is when it can
   */
  public record Availability(LossBackend backend, boolean available, String reason) {}

  /** Whether {@code backend} can compute the loss of logits on {@code device}. */
  public static Availability availability(LossBackend backend, Device device) {
    Checks.notNull(backend, "backend");
    Checks.notNull(device, "device");
    return switch (backend) {
      case JAVA_KERNEL ->
          device.isCuda()
              ? new Availability(
                  backend,
                  false,
                  "the Java kernel reads logits through host memory; on "
                      + device
                      + " it would copy them to the CPU and the gradient back every step")
              : new Availability(backend, true, "pure-Java fused kernel on CPU float32 memory");
      case TENSOR_OPS ->
          new Availability(backend, true, "libtorch operations on the logits' device (" + device + ")");
    };
  }

  /** Every backend's availability on {@code device}, in {@link LossBackend} order. */
  public static List<Availability> report(Device device) {
    return Arrays.stream(LossBackend.values()).map(b -> availability(b, device)).toList();
  }

  /**
   * The backend to use on {@code device}.
   *
   * @throws IllegalArgumentException when {@code choice} forces a backend that cannot run there
   */
  public static LossBackend resolve(LossBackendChoice choice, Device device) {
    Checks.notNull(choice, "choice");
    LossBackend backend = choice.forced();
    if (backend == null) {
      return device.isCuda() ? LossBackend.TENSOR_OPS : LossBackend.JAVA_KERNEL;
    }
    Availability a = availability(backend, device);
    Checks.argument(
        a.available(),
        "RNN-T loss backend %s is not available for logits on %s: %s",
        backend.flagName(),
        device,
        a.reason());
    return backend;
  }

  /** A new instance of {@code backend} with the loss settings of {@code options}. */
  static ExactLossBackend create(LossBackend backend, RnntLossOptions options) {
    return switch (backend) {
      case JAVA_KERNEL -> new JavaKernelBackend(options);
      case TENSOR_OPS -> new TensorOpsBackend(options);
    };
  }
}

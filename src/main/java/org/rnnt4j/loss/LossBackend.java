package org.rnnt4j.loss;

/**
 * The implementations of the exact (and pruned) RNN-T loss on tensors; {@link LossBackends} says
 * which can run where and picks one.
 */
public enum LossBackend {
  /**
   * {@link RnntLoss}: the fused pure-Java kernel on CPU float32 memory, two sweeps around a
   * double-precision lattice, multi-threaded. The fastest on a CPU; it reads the logits through a
   * host buffer, so it refuses tensors on any other device.
   */
  JAVA_KERNEL("java"),
  /**
   * {@link org.rnnt4j.loss.device.DeviceRnntLoss}: the same loss in libtorch operations on the
   * logits' own device (row log-sum-exp, anti-diagonal lattice, closed-form gradient in place),
   * with no host copy of logits or gradients. Any device; slower than the Java kernel on a CPU.
   */
  TENSOR_OPS("tensor_ops");

  private final String flagName;

  LossBackend(String flagName) {
    this.flagName = flagName;
  }

  /** The name a command-line flag or a log uses. */
  public String flagName() {
    return flagName;
  }
}

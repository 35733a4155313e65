package org.rnnt4j.loss;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which {@link LossBackend} a loss uses: {@link #AUTO} lets {@link LossBackends#resolve} pick by
 * the logits' device (NeMo's {@code "default"} loss name), the others force one, and fail loudly
 * where it cannot run.
 */
public enum LossBackendChoice {
  /** The Java kernel for CPU tensors, the tensor-ops formulation for every other device. */
  AUTO("auto", null),
  /** Always {@link LossBackend#JAVA_KERNEL}: CPU tensors only. */
  JAVA_KERNEL("java", LossBackend.JAVA_KERNEL),
  /** Always {@link LossBackend#TENSOR_OPS}, also on a CPU. */
  TENSOR_OPS("tensor_ops", LossBackend.TENSOR_OPS);

  private final String flagName;
  private final LossBackend forced;

  LossBackendChoice(String flagName, LossBackend forced) {
    this.flagName = flagName;
    this.forced = forced;
  }

  public String flagName() {
    return flagName;
  }

  /** The backend this choice forces, or null for {@link #AUTO}. */
  LossBackend forced() {
    return forced;
  }

  /** Parses a flag value; an unknown one lists the accepted names. */
  public static LossBackendChoice parse(String name) {
    for (LossBackendChoice c : values()) {
      if (c.flagName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown RNN-T loss backend '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(c -> c.flagName).collect(Collectors.joining(", ")));
  }
}

package org.rnnt4j.optim;

/**
 * How {@link AdamW} applies weight decay: decoupled from the gradient ({@code torch.optim.AdamW}, Hugging
 * Face's default and NeMo's {@code adamw}) or added to it as an L2 term ({@code torch.optim.Adam}, NeMo's
 * {@code adam}). The name is what {@code optimizer.safetensors} records as {@code type}.
 */
public enum OptimizerType {
  ADAMW("adamw"),
  ADAM("adam");

  private final String fileName;

  OptimizerType(String fileName) {
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  /** By NeMo's {@code optim.name} / the recorded type, any case. */
  public static OptimizerType parse(String name) {
    for (OptimizerType t : values()) {
      if (t.fileName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("optimizer must be adamw or adam, got '" + name + "'");
  }
}

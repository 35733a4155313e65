package org.rnnt4j.optim;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The optimizers of Hugging Face's {@code --optim} (its {@code OptimizerNames}) that rnnt4j implements: which
 * implementation keeps the moments. How weight decay applies is {@link OptimizerType}'s (NeMo's adam with
 * {@code --optim_from_config} is {@link AdamW} too).
 */
public enum OptimizerName {
  /** {@code torch.optim.AdamW}, Hugging Face's default: {@link AdamW}, float32 moments. */
  ADAMW_TORCH("adamw_torch"),
  /**
   * bitsandbytes' {@code AdamW} with {@code optim_bits=8}, which Hugging Face builds for this name: {@link
   * AdamW8bit}. The Python recipe's {@code --use_adam8bit} means this too.
   */
  ADAMW_BNB_8BIT("adamw_bnb_8bit");

  private final String flagName;

  OptimizerName(String flagName) {
    this.flagName = flagName;
  }

  /** Hugging Face's name ({@code --optim}). */
  public String flagName() {
    return flagName;
  }

  /** By Hugging Face's name; other names fail with the list of those rnnt4j implements. */
  public static OptimizerName parse(String name) {
    for (OptimizerName n : values()) {
      if (n.flagName.equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException(
        "--optim must be one of " + names() + " (Hugging Face's names of the optimizers rnnt4j implements), got '"
            + name + "'");
  }

  static String names() {
    return Arrays.stream(values()).map(OptimizerName::flagName).collect(Collectors.joining(", "));
  }
}

package org.rnnt4j.optim;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rnnt4j.engine.Tensor;

/**
 * The optimizers of Hugging Face's {@code --optim} (its {@code OptimizerNames}) that rnnt4j implements,
 * and the {@code type} each writes into a checkpoint's {@code optimizer.safetensors}.
 */
public enum OptimizerName {
  /** {@code torch.optim.AdamW}, Hugging Face's default: {@link AdamW}. */
  ADAMW_TORCH("adamw_torch", "adamw"),
  /**
   * bitsandbytes' {@code AdamW} with {@code optim_bits=8}, which Hugging Face builds for this name: {@link
   * AdamW8bit}. The Python recipe's {@code --use_adam8bit} means this too.
   */
  ADAMW_BNB_8BIT("adamw_bnb_8bit", "adamw_bnb_8bit");

  private final String flagName;
  private final String checkpointType;

  OptimizerName(String flagName, String checkpointType) {
    this.flagName = flagName;
    this.checkpointType = checkpointType;
  }

  /** Hugging Face's name ({@code --optim}). */
  public String flagName() {
    return flagName;
  }

  /** The {@code type} of {@code optimizer.safetensors}'s metadata ({@code adamw} for AdamW's, as before). */
  public String checkpointType() {
    return checkpointType;
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

  /** By the {@code type} a checkpoint records. */
  public static OptimizerName fromCheckpointType(String type) {
    for (OptimizerName n : values()) {
      if (n.checkpointType.equals(type)) {
        return n;
      }
    }
    throw new IllegalArgumentException(
        "optimizer type '" + type + "' is unknown; this rnnt4j knows "
            + Arrays.stream(values()).map(OptimizerName::checkpointType).collect(Collectors.joining(", ")));
  }

  static String names() {
    return Arrays.stream(values()).map(OptimizerName::flagName).collect(Collectors.joining(", "));
  }

  /** This optimizer over {@code params} (by name); the names in {@code decayed} get weight decay. */
  public Optimizer create(
      Map<String, Tensor> params, Set<String> decayed, double beta1, double beta2, double eps, double weightDecay) {
    return switch (this) {
      case ADAMW_TORCH -> new AdamW(params, decayed, beta1, beta2, eps, weightDecay);
      case ADAMW_BNB_8BIT -> new AdamW8bit(params, decayed, beta1, beta2, eps, weightDecay);
    };
  }
}

package org.rnnt4j.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which transducer loss training optimises ({@code --loss}). */
public enum LossKind {
  /** The exact RNN-T loss over the full (B, T, U+1, V) joint: NeMo's and torchaudio's. */
  EXACT("exact"),
  /** k2's pruned RNN-T: a simple joiner's loss picks S label positions per frame for the full one. */
  PRUNED("pruned");

  private final String flagName;

  LossKind(String flagName) {
    this.flagName = flagName;
  }

  /** The name {@code --loss} takes. */
  public String flagName() {
    return flagName;
  }

  /** Parses a {@code --loss} value; an unknown one lists the accepted names. */
  public static LossKind parse(String name) {
    for (LossKind kind : values()) {
      if (kind.flagName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown --loss '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(LossKind::flagName).collect(Collectors.joining(", ")));
  }
}

package org.rnnt4j.train.reporting;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code --report_to}: where logged metrics go, with Hugging Face's names. rnnt4j writes TensorBoard event
 * files itself; Weights &amp; Biases is not built in, and asking for it writes the TensorBoard files,
 * which {@code wandb sync --sync-tensorboard} uploads. {@code all} is what is installed (TensorBoard),
 * {@code none} nothing.
 */
public enum ReportTarget {
  TENSORBOARD,
  WANDB;

  /** Parses {@code all}, {@code none} or a comma-separated list of {@code tensorboard} and {@code wandb}. */
  public static Set<ReportTarget> parseList(String text) {
    Set<ReportTarget> out = EnumSet.noneOf(ReportTarget.class);
    for (String part : text.split(",")) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      switch (name) {
        case "all" -> out.add(TENSORBOARD);
        case "none", "" -> { }
        case "tensorboard" -> out.add(TENSORBOARD);
        case "wandb" -> out.add(WANDB);
        default -> throw new IllegalArgumentException(
            "report_to must be all, none, or a comma-separated list of tensorboard and wandb, got '" + text + "'");
      }
    }
    if (text.strip().equalsIgnoreCase("none") && text.contains(",")) {
      throw new IllegalArgumentException("report_to none cannot be combined with other targets, got '" + text + "'");
    }
    return out;
  }
}

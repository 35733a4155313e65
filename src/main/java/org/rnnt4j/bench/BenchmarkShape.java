package org.rnnt4j.bench;

import org.rnnt4j.util.Checks;

/**
 * The problem size of the loss benchmark: the standard B = 8, T = 250, U = 60, V = 1025 (1024 tokens
 * and the blank), and a NeMo-style joint for the joint + loss step (ContextNet's 176-wide encoder
 * output and 320-wide prediction output projected to a 320-wide joint, ReLU, then to V).
 *
 * @param batch B
 * @param frames T, every utterance's length
 * @param labels U, every utterance's label count
 * @param classes V, blank included (the last)
 * @param encoderHidden H_enc
 * @param predHidden H_pred
 * @param jointHidden J
 */
public record BenchmarkShape(
    int batch, int frames, int labels, int classes, int encoderHidden, int predHidden, int jointHidden) {

  public BenchmarkShape {
    Checks.argument(
        batch >= 1 && frames >= 1 && labels >= 0 && classes >= 2,
        "benchmark shape needs B, T >= 1, U >= 0, V >= 2, got %s, %s, %s, %s",
        batch,
        frames,
        labels,
        classes);
  }

  /** The report's shape (B 8, T 250, U 60, V 1025, ContextNet-sized joint). */
  public static BenchmarkShape standard() {
    return new BenchmarkShape(8, 250, 60, 1025, 176, 320, 320);
  }

  /**
   * The standard shape with B, T, U and V from {@code "B,T,U,V"} (the joint keeps its widths): small
   * shapes let the command be smoke-tested.
   */
  public static BenchmarkShape parse(String bituv) {
    String[] parts = bituv.split(",");
    Checks.argument(parts.length == 4, "--shape takes B,T,U,V, got '%s'", bituv);
    int[] v = new int[4];
    for (int i = 0; i < 4; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--shape takes four whole numbers B,T,U,V, got '" + bituv + "'", e);
      }
    }
    BenchmarkShape standard = standard();
    return new BenchmarkShape(v[0], v[1], v[2], v[3], standard.encoderHidden(), standard.predHidden(), standard.jointHidden());
  }

  /** {@code "B,T,U,V"}, as {@link #parse} reads it. */
  public String bituv() {
    return batch + "," + frames + "," + labels + "," + classes;
  }

  /** Floats in the exact logits, B * T * (U+1) * V. */
  long logitCount() {
    return (long) batch * frames * (labels + 1) * classes;
  }
}

package org.rnnt4j.loss;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.rnnt4j.util.Checks;

/**
 * How per-utterance RNN-T losses {@code L_b} become one training loss, as NeMo's {@code
 * RNNTLoss.reduce} ({@code nemo/collections/asr/losses/rnnt.py}) does it, selected there by the
 * conf's {@code rnnt_reduction} string. {@code U_b} is the target length of utterance {@code b},
 * {@code B} the batch size.
 *
 * <p>Edge behaviour follows NeMo's float arithmetic: {@link #MEAN} is {@code +inf} when some {@code
 * U_b} is 0 (an {@code L_b / 0} term), {@link #MEAN_VOLUME} is {@code +inf} when every {@code U_b}
 * is 0, and the gradient weights are then infinite too, as autograd would make them.
 */
public enum Reduction {
  /** {@code (1/B) * sum_b L_b}: NeMo's default, the mean over utterances. */
  MEAN_BATCH("mean_batch"),
  /** {@code (1/B) * sum_b L_b / U_b}: each utterance's loss per target token, averaged. */
  MEAN("mean"),
  /** {@code sum_b L_b}. */
  SUM("sum"),
  /**
   * {@code sum_b L_b / sum_b U_b}: loss per target token over the batch (long targets weigh more).
   */
  MEAN_VOLUME("mean_volume"),
  /** No reduction: the per-utterance losses themselves (NeMo's {@code reduction=None}). */
  NONE("none");

  private final String nemoName;

  Reduction(String nemoName) {
    this.nemoName = nemoName;
  }

  /** The conf string NeMo uses for this reduction ({@code "mean_batch"}, ...). */
  public String nemoName() {
    return nemoName;
  }

  /**
   * Parses NeMo's {@code rnnt_reduction} string; an unknown one is an {@link
   * IllegalArgumentException} listing the accepted names.
   */
  public static Reduction fromNemoName(String name) {
    for (Reduction r : values()) {
      if (r.nemoName.equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown RNN-T loss reduction '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(Reduction::nemoName).collect(Collectors.joining(", ")));
  }

  /**
   * The reduced loss.
   *
   * @param losses {@code L_b}, (B)
   * @param targetLengths {@code U_b}, (B)
   * @throws IllegalArgumentException for {@link #NONE}, which has no scalar
   */
  public double reduce(double[] losses, int[] targetLengths) {
    checkBatch(losses.length, targetLengths);
    int batch = losses.length;
    return switch (this) {
      case MEAN_BATCH -> sum(losses) / batch;
      case MEAN -> {
        double total = 0;
        for (int b = 0; b < batch; b++) {
          total += losses[b] / targetLengths[b];
        }
        yield total / batch;
      }
      case SUM -> sum(losses);
      case MEAN_VOLUME -> sum(losses) / sumOf(targetLengths);
      case NONE -> throw noScalar();
    };
  }

  /**
   * The weights {@code w_b} with {@code reduce(L) = sum_b w_b L_b}: the gradient of the reduced
   * loss with respect to each {@code L_b}.
   *
   * @param targetLengths {@code U_b}, (B)
   * @return {@code w_b}, (B)
   * @throws IllegalArgumentException for {@link #NONE}, which has no scalar
   */
  public double[] gradientWeights(int[] targetLengths) {
    checkBatch(targetLengths.length, targetLengths);
    int batch = targetLengths.length;
    double[] weights = new double[batch];
    for (int b = 0; b < batch; b++) {
      weights[b] =
          switch (this) {
            case MEAN_BATCH -> 1.0 / batch;
            case MEAN -> 1.0 / ((double) batch * targetLengths[b]);
            case SUM -> 1.0;
            case MEAN_VOLUME -> 1.0 / sumOf(targetLengths);
            case NONE -> throw noScalar();
          };
    }
    return weights;
  }

  /** Fails for {@link #NONE}, before any work is done for a scalar that cannot exist. */
  void requireScalar() {
    if (this == NONE) {
      throw noScalar();
    }
  }

  private static IllegalArgumentException noScalar() {
    return new IllegalArgumentException(
        "reduction NONE keeps one loss per utterance and has no scalar; use the per-utterance"
            + " losses, or pass explicit per-utterance weights (the upstream gradient) for a"
            + " gradient");
  }

  private static void checkBatch(int batch, int[] targetLengths) {
    Checks.argument(batch >= 1, "a reduction needs at least one utterance, got %s", batch);
    Checks.argument(
        targetLengths.length == batch,
        "targetLengths must have one entry per utterance (%s), got %s",
        batch,
        targetLengths.length);
  }

  private static double sum(double[] values) {
    double total = 0;
    for (double v : values) {
      total += v;
    }
    return total;
  }

  private static double sumOf(int[] values) {
    long total = 0;
    for (int v : values) {
      total += v;
    }
    return total;
  }
}

package org.rnnt4j.loss;

import org.rnnt4j.util.Checks;

/**
 * Settings of the RNN-T loss, named as NeMo's loss config names them ({@code fastemit_lambda},
 * {@code clamp}) and as torchaudio's {@code rnnt_loss} takes them ({@code blank}, {@code clamp}).
 *
 * @param blank the blank class, or {@link #BLANK_LAST} for the last class {@code V-1} (NeMo's
 *     convention)
 * @param fastemitLambda FastEmit regularisation weight (arXiv:2010.11148), 0 for none; the loss
 *     becomes {@code -(1+lambda) log P}, with NeMo's gradient
 * @param clamp clamp of each utterance's gradient to {@code [-clamp, clamp]}; {@code <= 0} for none
 * @param threads worker threads for the sweeps over the logits (results do not depend on it)
 */
public record RnntLossOptions(int blank, double fastemitLambda, double clamp, int threads) {
  /** Marks the blank as the last class of the logits, whatever V is. */
  public static final int BLANK_LAST = -1;

  public RnntLossOptions {
    Checks.argument(
        blank >= BLANK_LAST, "blank must be a class index >= 0 or BLANK_LAST (-1), got %s", blank);
    Checks.argument(
        fastemitLambda >= 0 && Double.isFinite(fastemitLambda),
        "fastemitLambda must be finite and >= 0, got %s",
        fastemitLambda);
    Checks.argument(!Double.isNaN(clamp), "clamp must be a number (<= 0 for none), got NaN");
    Checks.argument(threads >= 1, "threads must be >= 1, got %s", threads);
  }

  /** Blank last, no FastEmit, no clamp, one thread per available processor: NeMo's defaults. */
  public static RnntLossOptions defaults() {
    return new RnntLossOptions(BLANK_LAST, 0.0, -1.0, Runtime.getRuntime().availableProcessors());
  }

  public RnntLossOptions withBlank(int newBlank) {
    return new RnntLossOptions(newBlank, fastemitLambda, clamp, threads);
  }

  public RnntLossOptions withFastemitLambda(double newLambda) {
    return new RnntLossOptions(blank, newLambda, clamp, threads);
  }

  public RnntLossOptions withClamp(double newClamp) {
    return new RnntLossOptions(blank, fastemitLambda, newClamp, threads);
  }

  public RnntLossOptions withThreads(int newThreads) {
    return new RnntLossOptions(blank, fastemitLambda, clamp, newThreads);
  }

  /** The blank index for logits with {@code vocabSize} classes. */
  int blankFor(int vocabSize) {
    int resolved = blank == BLANK_LAST ? vocabSize - 1 : blank;
    Checks.argument(
        resolved < vocabSize,
        "blank %s is not a class of logits with V = %s classes",
        resolved,
        vocabSize);
    return resolved;
  }
}

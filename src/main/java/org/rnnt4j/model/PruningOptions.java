package org.rnnt4j.model;

import org.rnnt4j.util.Checks;

/**
 * Settings of the pruned RNN-T loss, as icefall's {@code pruned_transducer_stateless7/train.py} has
 * them (defaults are its defaults).
 *
 * <p>The optimised loss is {@code simpleScale(step) * simple + prunedScale(step) * pruned}: during
 * the first {@code warmupSteps} steps the simple loss's scale falls linearly from 1 to {@code
 * simpleLossScale} and the pruned loss's rises from 0.1 to 1, so that the pruned loss counts only
 * once the simple joiner has learnt alignments good enough to prune with (icefall's {@code
 * warm_step}).
 *
 * @param pruneRange S, label positions kept per frame (icefall's {@code --prune-range}, 5)
 * @param simpleLossScale weight of the simple loss after warm-up ({@code --simple-loss-scale}, 0.5)
 * @param warmupSteps steps of the schedule above ({@code warm_step}, 2000); 0 for none
 * @param lmOnlyScale smoothing of the simple loss with the label context alone ({@code
 *     --lm-scale}, 0.25; k2's {@code lm_only_scale})
 * @param amOnlyScale smoothing with the acoustics alone ({@code --am-scale}, 0; k2's {@code
 *     am_only_scale})
 */
public record PruningOptions(
    int pruneRange,
    double simpleLossScale,
    long warmupSteps,
    double lmOnlyScale,
    double amOnlyScale) {

  public PruningOptions {
    Checks.argument(
        pruneRange >= 1, "--prune_range must be >= 1 label position, got %s", pruneRange);
    Checks.argument(
        simpleLossScale >= 0 && Double.isFinite(simpleLossScale),
        "--simple_loss_scale must be finite and >= 0, got %s",
        simpleLossScale);
    Checks.argument(warmupSteps >= 0, "--prune_warmup_steps must be >= 0, got %s", warmupSteps);
    Checks.argument(
        lmOnlyScale >= 0 && amOnlyScale >= 0 && lmOnlyScale + amOnlyScale <= 1,
        "--simple_lm_scale and --simple_am_scale must be >= 0 with a sum <= 1, got %s and %s",
        lmOnlyScale,
        amOnlyScale);
  }

  /** icefall's defaults: S = 5, simple scale 0.5, 2000 warm-up steps, lm smoothing 0.25. */
  public static PruningOptions defaults() {
    return new PruningOptions(5, 0.5, 2000, 0.25, 0.0);
  }

  /** Weight of the simple loss at {@code step} (optimizer steps taken so far). */
  public double simpleScale(long step) {
    return step >= warmupSteps
        ? simpleLossScale
        : 1.0 - (double) step / warmupSteps * (1.0 - simpleLossScale);
  }

  /** Weight of the pruned loss at {@code step}. */
  public double prunedScale(long step) {
    return step >= warmupSteps ? 1.0 : 0.1 + 0.9 * step / warmupSteps;
  }
}

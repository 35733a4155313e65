package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/**
 * {@code maes}: modified adaptive expansion search.
 *
 * @param numSteps {@code maes_num_steps} (default 2, at least 2): expansion steps per frame
 * @param prefixAlpha {@code maes_prefix_alpha} (default 1): the longest length difference at which the
 *     prefix search merges a hypothesis into a longer one it is a prefix of
 * @param expansionBeta {@code maes_expansion_beta} (default 2): candidates per hypothesis beyond the beam
 * @param expansionGamma {@code maes_expansion_gamma} (default 2.3): keep expansions within this much of
 *     the hypothesis' best one
 */
public record MaesOptions(BeamOptions beam, int numSteps, int prefixAlpha, int expansionBeta, double expansionGamma)
    implements DecodingOptions {
  public MaesOptions {
    Checks.notNull(beam, "beam");
    Checks.argument(numSteps >= 2, "beam.maes_num_steps must be >= 2, got %s", numSteps);
    Checks.argument(prefixAlpha >= 0, "beam.maes_prefix_alpha must be >= 0, got %s", prefixAlpha);
    Checks.argument(expansionBeta >= 0, "beam.maes_expansion_beta must be >= 0, got %s", expansionBeta);
    Checks.argument(
        Double.isFinite(expansionGamma) && expansionGamma >= 0, "beam.maes_expansion_gamma must be >= 0, got %s", expansionGamma);
  }

  public static MaesOptions defaults() {
    return new MaesOptions(BeamOptions.defaults(), 2, 1, 2, 2.3);
  }

  @Override
  public DecodingStrategy strategy() {
    return DecodingStrategy.MAES;
  }
}

package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/**
 * {@code maes_batch}: NeMo's batched modified adaptive expansion search ({@code
 * ModifiedAESBatchedRNNTComputer}), whose prefix search merges only the longest prefix.
 *
 * @param numSteps {@code maes_num_steps} (default 2): expansion steps per frame
 * @param expansionBeta {@code maes_expansion_beta} (default 2)
 * @param expansionGamma {@code maes_expansion_gamma} (default 2.3)
 */
public record MaesBatchOptions(BeamOptions beam, int numSteps, int expansionBeta, double expansionGamma)
    implements DecodingOptions {
  public MaesBatchOptions {
    Checks.notNull(beam, "beam");
    Checks.argument(numSteps >= 1, "beam.maes_num_steps must be >= 1, got %s", numSteps);
    Checks.argument(expansionBeta >= 0, "beam.maes_expansion_beta must be >= 0, got %s", expansionBeta);
    Checks.argument(
        Double.isFinite(expansionGamma) && expansionGamma >= 0, "beam.maes_expansion_gamma must be >= 0, got %s", expansionGamma);
  }

  public static MaesBatchOptions defaults() {
    return new MaesBatchOptions(BeamOptions.defaults(), 2, 2, 2.3);
  }

  @Override
  public DecodingStrategy strategy() {
    return DecodingStrategy.MAES_BATCH;
  }
}

package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/**
 * {@code tsd}: time-synchronous decoding.
 *
 * @param maxSymExpPerStep {@code tsd_max_sym_exp_per_step}: symbol expansions per frame. Default 10:
 *     NeMo's {@code RNNTDecoding} passes {@code beam.tsd_max_sym_exp} (default 10) to {@code
 *     BeamRNNTInfer}, whose own default (50) a config never reaches.
 */
public record TsdOptions(BeamOptions beam, int maxSymExpPerStep) implements DecodingOptions {
  public static final int DEFAULT_MAX_SYM_EXP_PER_STEP = 10;

  public TsdOptions {
    Checks.notNull(beam, "beam");
    Checks.argument(maxSymExpPerStep >= 1, "beam.tsd_max_sym_exp_per_step must be >= 1, got %s", maxSymExpPerStep);
  }

  public static TsdOptions defaults() {
    return new TsdOptions(BeamOptions.defaults(), DEFAULT_MAX_SYM_EXP_PER_STEP);
  }

  @Override
  public DecodingStrategy strategy() {
    return DecodingStrategy.TSD;
  }
}

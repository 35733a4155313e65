package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/**
 * {@code malsd_batch}: NeMo's batched modified ALSD ({@code ModifiedALSDBatchedRNNTComputer}).
 *
 * @param maxSymbols {@code beam.max_symbols} (default 10): tokens a hypothesis may emit on one frame
 *     before it must take the blank
 */
public record MalsdBatchOptions(BeamOptions beam, int maxSymbols) implements DecodingOptions {
  public MalsdBatchOptions {
    Checks.notNull(beam, "beam");
    Checks.argument(maxSymbols >= 1, "beam.max_symbols must be >= 1, got %s", maxSymbols);
  }

  public static MalsdBatchOptions defaults() {
    return new MalsdBatchOptions(BeamOptions.defaults(), 10);
  }

  @Override
  public DecodingStrategy strategy() {
    return DecodingStrategy.MALSD_BATCH;
  }
}

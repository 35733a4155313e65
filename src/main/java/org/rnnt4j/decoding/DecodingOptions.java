package org.rnnt4j.decoding;

/**
 * The typed settings of one decoding strategy (NeMo's {@code decoding} config section), one record per
 * strategy, validated when built; {@link Decoders#create} turns them into a decoder.
 */
public sealed interface DecodingOptions
    permits GreedyOptions, BeamSearchOptions, TsdOptions, AlsdOptions, MaesOptions, MalsdBatchOptions, MaesBatchOptions {
  DecodingStrategy strategy();

  /** NeMo's defaults for {@code strategy} ({@code RNNTDecodingConfig}: beam size 4, greedy max_symbols 10). */
  static DecodingOptions defaults(DecodingStrategy strategy) {
    return switch (strategy) {
      case GREEDY, GREEDY_BATCH -> new GreedyOptions(strategy, GreedyOptions.DEFAULT_MAX_SYMBOLS);
      case BEAM -> new BeamSearchOptions(BeamOptions.defaults());
      case TSD -> TsdOptions.defaults();
      case ALSD -> AlsdOptions.defaults();
      case MAES -> MaesOptions.defaults();
      case MALSD_BATCH -> MalsdBatchOptions.defaults();
      case MAES_BATCH -> MaesBatchOptions.defaults();
    };
  }
}

package org.rnnt4j.bench;

import java.util.List;
import org.rnnt4j.decoding.AlsdOptions;
import org.rnnt4j.decoding.BeamOptions;
import org.rnnt4j.decoding.BeamSearchOptions;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.decoding.MaesBatchOptions;
import org.rnnt4j.decoding.MaesOptions;
import org.rnnt4j.decoding.MalsdBatchOptions;
import org.rnnt4j.decoding.TsdOptions;

/**
 * One measured decoder of {@link DecodeBenchmark}, named {@code strategy} (greedy) or {@code
 * strategy_K} (a beam search with beam K); NeMo's defaults otherwise.
 */
record DecodeVariant(DecodingStrategy strategy, int beamSize) {
  /** The variants of the standard report: greedy_batch, beam 4, maes 4, malsd_batch 4, maes_batch 4. */
  static List<DecodeVariant> standardSet() {
    return List.of(
        new DecodeVariant(DecodingStrategy.GREEDY_BATCH, 0),
        new DecodeVariant(DecodingStrategy.BEAM, 4),
        new DecodeVariant(DecodingStrategy.MAES, 4),
        new DecodeVariant(DecodingStrategy.MALSD_BATCH, 4),
        new DecodeVariant(DecodingStrategy.MAES_BATCH, 4));
  }

  String name() {
    return strategy.isBeamSearch() ? strategy.nemoName() + "_" + beamSize : strategy.nemoName();
  }

  /** Parses {@link #name()}, e.g. {@code greedy_batch}, {@code maes_4}, {@code malsd_batch_8}. */
  static DecodeVariant parse(String name) {
    int cut = name.lastIndexOf('_');
    if (cut > 0 && name.substring(cut + 1).matches("[1-9][0-9]*")) {
      DecodingStrategy s = DecodingStrategy.fromNemoName(name.substring(0, cut));
      if (s.isBeamSearch()) {
        return new DecodeVariant(s, Integer.parseInt(name.substring(cut + 1)));
      }
    }
    DecodingStrategy s = DecodingStrategy.fromNemoName(name);
    if (s.isBeamSearch()) {
      throw new IllegalArgumentException("decode variant '" + name + "' needs a beam size, e.g. " + name + "_4");
    }
    return new DecodeVariant(s, 0);
  }

  DecodingOptions options() {
    DecodingOptions defaults = DecodingOptions.defaults(strategy);
    if (!strategy.isBeamSearch()) {
      return defaults;
    }
    BeamOptions beam = new BeamOptions(beamSize, true, true);
    return switch (strategy) {
      case GREEDY, GREEDY_BATCH -> defaults;
      case BEAM -> new BeamSearchOptions(beam);
      case TSD -> new TsdOptions(beam, ((TsdOptions) defaults).maxSymExpPerStep());
      case ALSD -> new AlsdOptions(beam, ((AlsdOptions) defaults).maxTargetLen(), true);
      case MAES -> {
        MaesOptions d = (MaesOptions) defaults;
        yield new MaesOptions(beam, d.numSteps(), d.prefixAlpha(), d.expansionBeta(), d.expansionGamma());
      }
      case MALSD_BATCH -> new MalsdBatchOptions(beam, ((MalsdBatchOptions) defaults).maxSymbols());
      case MAES_BATCH -> {
        MaesBatchOptions d = (MaesBatchOptions) defaults;
        yield new MaesBatchOptions(beam, d.numSteps(), d.expansionBeta(), d.expansionGamma());
      }
    };
  }
}

package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * The one entry point from settings to a decoder: {@code Decoders.create(options).decode(model,
 * encoded)}. With {@code beam_size} 1, NeMo's per-utterance searches ({@code beam}, {@code tsd}, {@code
 * alsd}, {@code maes}) all run {@code BeamRNNTInfer.greedy_search}: greedy decoding with at most 5
 * tokens per frame, which is {@link GreedyBatchDecoder} with max_symbols 5 (the same decisions, batched).
 * The batched searches keep their own algorithm at beam 1, as NeMo's do.
 */
public final class Decoders {
  /** {@code BeamRNNTInfer.greedy_search}'s fixed limit of tokens per frame. */
  static final int BEAM_GREEDY_MAX_SYMBOLS = 5;

  private Decoders() {}

  public static TransducerDecoder create(DecodingOptions options) {
    Checks.notNull(options, "decoding options");
    if (options instanceof GreedyOptions g) {
      return greedy(g.maxSymbols());
    }
    if (options instanceof MalsdBatchOptions m) {
      return new MalsdBatchSearch(m);
    }
    if (options instanceof MaesBatchOptions m) {
      return new MaesBatchSearch(m);
    }
    if (beamOf(options).beamSize() == 1) {
      return greedy(BEAM_GREEDY_MAX_SYMBOLS);
    }
    if (options instanceof BeamSearchOptions b) {
      return new BeamSearch(b);
    }
    if (options instanceof TsdOptions t) {
      return new TimeSyncDecoding(t);
    }
    if (options instanceof AlsdOptions a) {
      return new AlignLengthSyncDecoding(a);
    }
    return new ModifiedAdaptiveExpansionSearch((MaesOptions) options);
  }

  /** NeMo's defaults for {@code strategy} (see {@link DecodingOptions#defaults}). */
  public static TransducerDecoder create(DecodingStrategy strategy) {
    return create(DecodingOptions.defaults(strategy));
  }

  /** The beam size of a strategy's settings; 1 for the greedy strategies. */
  public static int beamSize(DecodingOptions options) {
    Checks.notNull(options, "decoding options");
    if (options instanceof GreedyOptions) {
      return 1;
    }
    if (options instanceof MalsdBatchOptions m) {
      return m.beam().beamSize();
    }
    if (options instanceof MaesBatchOptions m) {
      return m.beam().beamSize();
    }
    return beamOf(options).beamSize();
  }

  private static BeamOptions beamOf(DecodingOptions options) {
    if (options instanceof BeamSearchOptions b) {
      return b.beam();
    }
    if (options instanceof TsdOptions t) {
      return t.beam();
    }
    if (options instanceof AlsdOptions a) {
      return a.beam();
    }
    return ((MaesOptions) options).beam();
  }

  private static TransducerDecoder greedy(int maxSymbols) {
    GreedyBatchDecoder decoder = new GreedyBatchDecoder(maxSymbols);
    return (model, encoded) -> {
      List<Hypotheses> out = new ArrayList<>();
      for (Hypothesis h : decoder.decode(model, encoded)) {
        out.add(new Hypotheses(List.of(h)));
      }
      return out;
    };
  }
}

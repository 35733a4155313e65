package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.decoding.search.PerUtterance;
import org.rnnt4j.decoding.search.PredictionCache;
import org.rnnt4j.decoding.search.Ranking;
import org.rnnt4j.decoding.search.SearchHypothesis;
import org.rnnt4j.decoding.search.TokenSequence;
import org.rnnt4j.decoding.search.TopTokens;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code tsd}, {@code BeamRNNTInfer.time_sync_decoding} (Saon et al. 2020, "Alignment-length
 * synchronous decoding for RNN transducer"), per utterance: on each frame, {@code
 * tsd_max_sym_exp_per_step} rounds score the current set C (the beam at the first round); each member's
 * blank extension joins the frame's set A, merged (log-add) with an equal transcript already there, and
 * the {@code beam} best token extensions of all members form the next C. The next frame's beam is the
 * {@code beam} best of A. Legend: R hypotheses in a round, J joint hidden, V vocabulary including the blank (id V-1).
 *
 * <p>Per round: one joint over R rows on the device, top-k there, one copy of R x (2k + 1) floats back;
 * the round's new transcripts cost one prediction step over them and one copy of their last tokens to the
 * device.
 */
public final class TimeSyncDecoding implements TransducerDecoder {
  private final TsdOptions options;

  public TimeSyncDecoding(TsdOptions options) {
    this.options = Checks.notNull(options, "options");
  }

  @Override
  public List<Hypotheses> decode(Transducer model, Encoded encoded) {
    return Hypotheses.ofAll(
        PerUtterance.run(model, encoded, (frames, length, cache, scope) -> search(model, frames, length, cache)),
        options.beam().returnBestHypothesis());
  }

  private List<SearchHypothesis> search(Transducer model, Tensor frames, int length, PredictionCache cache) {
    int beam = Math.min(options.beam().beamSize(), model.vocabSize());
    List<SearchHypothesis> kept = List.of(SearchHypothesis.start());
    for (int t = 0; t < length; t++) {
      List<SearchHypothesis> a = new ArrayList<>();
      List<SearchHypothesis> c = kept;
      for (int round = 0; round < options.maxSymExpPerStep(); round++) {
        List<TokenSequence> sequences = c.stream().map(SearchHypothesis::tokens).toList();
        List<PredictionCache.Prediction> predictions = cache.predict(sequences);
        TopTokens top;
        try (TensorScope step = new TensorScope()) {
          Tensor lp = TopTokens.logProbs(model, frames.narrow(0, t, 1), PredictionCache.stack(predictions)); // (R, V)
          top = TopTokens.nonBlank(lp, beam);
        }
        Map<TokenSequence, Integer> inA = new HashMap<>(); // NeMo's seq_A, taken before the merge loop
        for (int i = 0; i < a.size(); i++) {
          inA.putIfAbsent(a.get(i).tokens(), i);
        }
        for (int j = 0; j < c.size(); j++) {
          SearchHypothesis hyp = c.get(j);
          double score = hyp.score() + top.blank(j);
          Integer pos = inA.get(hyp.tokens());
          if (pos == null) {
            a.add(hyp.withBlank(top.blank(j)));
          } else {
            a.get(pos).setScore(Ranking.logAddExp(a.get(pos).score(), score));
          }
        }
        List<SearchHypothesis> d = new ArrayList<>();
        for (int j = 0; j < c.size(); j++) {
          for (int i = 0; i < beam; i++) {
            d.add(c.get(j).withToken(top.id(j, i), t, top.value(j, i)));
          }
        }
        c = Ranking.best(d, beam);
      }
      kept = Ranking.best(a, beam);
    }
    return Ranking.sortNBest(kept, options.beam().scoreNorm());
  }
}

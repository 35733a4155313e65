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
 * NeMo's {@code alsd}, {@code BeamRNNTInfer.align_length_sync_decoding} (Saon et al. 2020), per
 * utterance: step i (of T + U_max) extends every beam hypothesis with u tokens on frame t = i - u (those
 * past the last frame drop out) by the blank and by its {@code beam} best tokens; the {@code beam} best
 * extensions, merged where transcripts are equal, form the next beam. Blank extensions on the last frame
 * are final; the result is the final list ranked (or the last beam when nothing finished). Legend: R
 * hypotheses in a step, J joint hidden, V vocabulary including the blank (id V-1).
 *
 * <p>Timestamps are frames t; NeMo's ALSD records the step index i = t + u instead.
 *
 * <p>Per step: one joint over R rows (each on its own frame) on the device, top-k there, one copy of R x
 * (2k + 1) floats back; new transcripts cost one prediction step and a copy of their last tokens to the
 * device.
 */
public final class AlignLengthSyncDecoding implements TransducerDecoder {
  private final AlsdOptions options;

  public AlignLengthSyncDecoding(AlsdOptions options) {
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
    int steps = length + options.maxTargetLength(length);
    List<SearchHypothesis> kept = List.of(SearchHypothesis.start());
    List<SearchHypothesis> finished = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      List<SearchHypothesis> live = new ArrayList<>();
      List<Integer> liveFrames = new ArrayList<>();
      for (SearchHypothesis h : kept) {
        int t = i - h.tokens().length();
        if (t <= length - 1) {
          live.add(h);
          liveFrames.add(t);
        }
      }
      if (live.isEmpty()) {
        break; // every hypothesis has consumed all frames
      }
      List<PredictionCache.Prediction> predictions = cache.predict(live.stream().map(SearchHypothesis::tokens).toList());
      TopTokens top;
      try (TensorScope step = new TensorScope()) {
        List<Tensor> rows = new ArrayList<>(live.size());
        for (int t : liveFrames) {
          rows.add(frames.narrow(0, t, 1));
        }
        Tensor enc = rows.size() == 1 ? rows.get(0) : Tensor.cat(rows, 0); // (R, J)
        top = TopTokens.nonBlank(TopTokens.logProbs(model, enc, PredictionCache.stack(predictions)), beam);
      }
      List<SearchHypothesis> a = new ArrayList<>();
      for (int j = 0; j < live.size(); j++) {
        SearchHypothesis hyp = live.get(j);
        SearchHypothesis blank = hyp.withBlank(top.blank(j));
        a.add(blank);
        if (liveFrames.get(j) == length - 1) {
          finished.add(blank);
        }
        for (int k = 0; k < beam; k++) {
          a.add(hyp.withToken(top.id(j, k), liveFrames.get(j), top.value(j, k)));
        }
      }
      kept = recombine(Ranking.best(a, beam));
    }
    return finished.isEmpty() ? kept : Ranking.sortNBest(finished, options.beam().scoreNorm());
  }

  /** NeMo's {@code recombine_hypotheses}: later equal transcripts are log-added into the first, in place. */
  private static List<SearchHypothesis> recombine(List<SearchHypothesis> hyps) {
    List<SearchHypothesis> out = new ArrayList<>();
    Map<TokenSequence, SearchHypothesis> first = new HashMap<>();
    for (SearchHypothesis h : hyps) {
      SearchHypothesis earlier = first.get(h.tokens());
      if (earlier == null) {
        first.put(h.tokens(), h);
        out.add(h);
      } else {
        earlier.setScore(Ranking.logAddExp(earlier.score(), h.score()));
      }
    }
    return out;
  }
}

package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rnnt4j.decoding.search.PerUtterance;
import org.rnnt4j.decoding.search.PredictionCache;
import org.rnnt4j.decoding.search.Ranking;
import org.rnnt4j.decoding.search.SearchHypothesis;
import org.rnnt4j.decoding.search.TopTokens;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code beam} strategy, {@code BeamRNNTInfer.default_beam_search} (after ESPnet's), per
 * utterance: on each frame, repeatedly take the best open hypothesis, score it with the joint, move its
 * blank extension to the frame's kept list and its {@code min(beam, vocab_size - 1)} best token extensions (NeMo's vocab_size counts no blank) back to
 * the open list, until at least {@code beam} kept hypotheses beat every open one; those (possibly more
 * than {@code beam}, possibly several alignments of one transcript) go to the next frame. No
 * recombination. Legend: T frames, J joint hidden, V vocabulary including the blank (id V-1).
 *
 * <p>Per expansion: the joint's log-softmax and top-k on the device, then one copy of {@code 2k + 1}
 * floats (the k best non-blank tokens, their ids and the blank's log-probability); a hypothesis not yet
 * scored costs one prediction step and one copy of its last token to the device.
 */
public final class BeamSearch implements TransducerDecoder {
  private final BeamOptions options;

  public BeamSearch(BeamSearchOptions options) {
    this.options = Checks.notNull(options, "options").beam();
  }

  @Override
  public List<Hypotheses> decode(Transducer model, Encoded encoded) {
    Checks.argument(model.vocabSize() >= 2, "beam search needs at least 2 tokens besides the blank, got %s", model.vocabSize());
    return Hypotheses.ofAll(PerUtterance.run(model, encoded, (frames, length, cache, scope) -> search(model, frames, length, cache)),
        options.returnBestHypothesis());
  }

  private List<SearchHypothesis> search(Transducer model, Tensor frames, int length, PredictionCache cache) {
    int beam = Math.min(options.beamSize(), model.vocabSize());
    int beamK = Math.min(beam, model.vocabSize() - 1);
    List<SearchHypothesis> kept = new ArrayList<>(List.of(SearchHypothesis.start()));
    for (int t = 0; t < length; t++) {
      List<SearchHypothesis> hyps = kept;
      kept = new ArrayList<>();
      while (true) {
        SearchHypothesis best = hyps.remove(Ranking.argMax(hyps));
        PredictionCache.Prediction prediction = cache.get(best.tokens());
        TopTokens top;
        try (TensorScope step = new TensorScope()) {
          Tensor lp = TopTokens.logProbs(model, frames.narrow(0, t, 1), prediction.projected()); // (1, V)
          top = TopTokens.nonBlank(lp, beamK);
        }
        for (int i = 0; i < beamK; i++) {
          hyps.add(best.withToken(top.id(0, i), t, top.value(0, i)));
        }
        kept.add(best.withBlank(top.blank(0)));
        double hypsMax = hyps.get(Ranking.argMax(hyps)).score();
        List<SearchHypothesis> above = new ArrayList<>();
        for (SearchHypothesis h : kept) {
          if (h.score() > hypsMax) {
            above.add(h);
          }
        }
        if (above.size() >= beam) {
          above.sort(Comparator.comparingDouble(SearchHypothesis::score)); // NeMo keeps them ascending
          kept = above;
          break;
        }
      }
    }
    return Ranking.sortNBest(kept, options.scoreNorm());
  }
}

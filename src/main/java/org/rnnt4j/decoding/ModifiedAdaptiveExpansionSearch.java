package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * NeMo's {@code maes}, {@code BeamRNNTInfer.modified_adaptive_expansion_search} (Kim et al. 2020,
 * "Accelerating RNN transducer inference via adaptive expansion search"), per utterance. On each frame:
 * a prefix search first log-adds into each hypothesis the paths through its prefixes at most {@code
 * maes_prefix_alpha} tokens shorter; then up to {@code maes_num_steps} expansion steps take, per
 * hypothesis, the {@code beam + maes_expansion_beta} best classes (blank included) within {@code
 * maes_expansion_gamma} of its best one: blank extensions are kept for the frame, token extensions (not
 * already a hypothesis of the frame) go on to the next step, and after the last step they take the blank.
 * The {@code beam} best go to the next frame. Legend: R hypotheses, J joint hidden, V vocabulary
 * including the blank (id V-1).
 *
 * <p>Per expansion step: one joint over R rows on the device, top-k there, one copy of R x 2k floats
 * back; new transcripts cost one prediction step and a copy of their last tokens to the device; the last
 * step copies R blank log-probabilities, the prefix search one log-probability per term it adds (and the
 * ids it reads, to the device).
 */
public final class ModifiedAdaptiveExpansionSearch implements TransducerDecoder {
  private final MaesOptions options;

  public ModifiedAdaptiveExpansionSearch(MaesOptions options) {
    this.options = Checks.notNull(options, "options");
  }

  @Override
  public List<Hypotheses> decode(Transducer model, Encoded encoded) {
    int candidates = options.beam().beamSize() + options.expansionBeta();
    Checks.argument(
        candidates <= model.vocabSize(),
        "beam_size (%s) + maes_expansion_beta (%s) must be at most the vocabulary size (%s)",
        options.beam().beamSize(), options.expansionBeta(), model.vocabSize());
    return Hypotheses.ofAll(
        PerUtterance.run(model, encoded, (frames, length, cache, scope) -> search(model, frames, length, cache)),
        options.beam().returnBestHypothesis());
  }

  private List<SearchHypothesis> search(Transducer model, Tensor frames, int length, PredictionCache cache) {
    int beam = Math.min(options.beam().beamSize(), model.vocabSize());
    int candidates = options.beam().beamSize() + options.expansionBeta();
    int blank = model.blank();
    List<SearchHypothesis> kept = List.of(SearchHypothesis.start());
    for (int t = 0; t < length; t++) {
      List<SearchHypothesis> hyps = new ArrayList<>(kept);
      hyps.sort(Comparator.comparingInt((SearchHypothesis h) -> h.tokens().length()).reversed());
      prefixSearch(model, frames.narrow(0, t, 1), hyps, cache);
      Set<TokenSequence> frameHyps = new HashSet<>();
      hyps.forEach(h -> frameHyps.add(h.tokens()));
      List<SearchHypothesis> blanks = new ArrayList<>();
      for (int n = 0; n < options.numSteps(); n++) {
        List<PredictionCache.Prediction> predictions = cache.predict(hyps.stream().map(SearchHypothesis::tokens).toList());
        TopTokens top;
        try (TensorScope step = new TensorScope()) {
          top = TopTokens.all(TopTokens.logProbs(model, frames.narrow(0, t, 1), PredictionCache.stack(predictions)), candidates);
        }
        List<SearchHypothesis> expanded = new ArrayList<>();
        for (int i = 0; i < hyps.size(); i++) {
          SearchHypothesis hyp = hyps.get(i);
          for (int[] c : expansions(hyp, top, i)) {
            double score = hyp.score() + top.value(i, c[1]);
            if (c[0] == blank) {
              blanks.add(new SearchHypothesis(hyp.tokens(), hyp.frames(), score));
            } else if (!frameHyps.contains(hyp.tokens().append(c[0]))) {
              expanded.add(hyp.withToken(c[0], t, top.value(i, c[1])));
            }
          }
        }
        if (expanded.isEmpty()) {
          kept = Ranking.best(blanks, beam);
          break;
        }
        List<PredictionCache.Prediction> next = cache.predict(expanded.stream().map(SearchHypothesis::tokens).toList());
        if (n < options.numSteps() - 1) {
          hyps = expanded;
        } else {
          float[] blankLogProbs;
          try (TensorScope step = new TensorScope()) {
            blankLogProbs = TopTokens.blankColumn(TopTokens.logProbs(model, frames.narrow(0, t, 1), PredictionCache.stack(next)));
          }
          for (int i = 0; i < expanded.size(); i++) {
            expanded.get(i).addScore(blankLogProbs[i]);
          }
          List<SearchHypothesis> all = new ArrayList<>(blanks);
          all.addAll(expanded);
          kept = Ranking.best(all, beam);
        }
      }
    }
    return Ranking.sortNBest(kept, options.beam().scoreNorm());
  }

  /**
   * NeMo's {@code select_k_expansions} for one hypothesis: its candidates within gamma of the best one,
   * worst first (NeMo sorts them ascending).
   *
   * @return pairs {class id, index into the row's top-k}
   */
  private List<int[]> expansions(SearchHypothesis hyp, TopTokens top, int row) {
    int best = 0;
    for (int i = 1; i < top.k(); i++) {
      if (hyp.score() + top.value(row, i) > hyp.score() + top.value(row, best)) {
        best = i;
      }
    }
    double bestScore = hyp.score() + top.value(row, best);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < top.k(); i++) {
      if (bestScore - options.expansionGamma() <= hyp.score() + top.value(row, i)) {
        out.add(new int[] {top.id(row, i), i});
      }
    }
    out.sort(Comparator.comparingDouble((int[] c) -> hyp.score() + top.value(row, c[1])));
    if (out.isEmpty()) {
      out.add(new int[] {top.id(row, best), best});
    }
    return out;
  }

  /**
   * NeMo's {@code prefix_search} over {@code hyps} (longest first), in place: for each pair where the
   * later hypothesis is a proper prefix of the earlier one, at most {@code prefix_alpha} tokens shorter,
   * the earlier one's score is log-added with the prefix's score plus the log-probabilities of the
   * missing tokens on this frame. The log-probabilities are fetched in one batch, then NeMo's loop replays.
   */
  private void prefixSearch(Transducer model, Tensor frame, List<SearchHypothesis> hyps, PredictionCache cache) {
    List<TokenSequence> contexts = new ArrayList<>();
    List<Long> tokens = new ArrayList<>();
    for (int j = 0; j < hyps.size() - 1; j++) {
      for (int i = j + 1; i < hyps.size(); i++) {
        TokenSequence longer = hyps.get(j).tokens();
        TokenSequence prefix = hyps.get(i).tokens();
        if (isMergeable(longer, prefix)) {
          for (int m = prefix.length(); m < longer.length(); m++) {
            contexts.add(longer.prefix(m));
            tokens.add((long) longer.get(m));
          }
        }
      }
    }
    if (contexts.isEmpty()) {
      return;
    }
    float[] logProbs;
    try (TensorScope step = new TensorScope()) {
      Tensor lp = TopTokens.logProbs(model, frame, PredictionCache.stack(cache.predict(contexts))); // (P, V)
      logProbs = TopTokens.pick(lp, tokens.stream().mapToLong(Long::longValue).toArray());
    }
    int next = 0;
    for (int j = 0; j < hyps.size() - 1; j++) {
      for (int i = j + 1; i < hyps.size(); i++) {
        SearchHypothesis longer = hyps.get(j);
        SearchHypothesis prefix = hyps.get(i);
        if (isMergeable(longer.tokens(), prefix.tokens())) {
          double score = prefix.score();
          for (int m = prefix.tokens().length(); m < longer.tokens().length(); m++) {
            score += logProbs[next++];
          }
          longer.setScore(Ranking.logAddExp(longer.score(), score));
        }
      }
    }
  }

  private boolean isMergeable(TokenSequence longer, TokenSequence prefix) {
    return longer.hasProperPrefix(prefix) && longer.length() - prefix.length() <= options.prefixAlpha();
  }
}

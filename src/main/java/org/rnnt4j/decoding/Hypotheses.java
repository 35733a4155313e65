package org.rnnt4j.decoding;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.decoding.search.Ranking;
import org.rnnt4j.decoding.search.SearchHypothesis;
import org.rnnt4j.util.Checks;

/**
 * One utterance's result: its n-best list, best first, each entry a distinct token sequence with the
 * best score any of its alignments had, in NeMo's order (NeMo's own list can repeat a transcript once
 * per alignment and hold more than {@code beam_size} entries). One entry when the strategy returns only
 * the best hypothesis.
 */
public record Hypotheses(List<Hypothesis> nBest) {
  public Hypotheses {
    Checks.argument(nBest != null && !nBest.isEmpty(), "an utterance needs at least one hypothesis");
    nBest = List.copyOf(nBest);
  }

  public Hypothesis best() {
    return nBest.get(0);
  }

  /**
   * @param ranked a search's hypotheses in NeMo's order (possibly repeating a transcript)
   * @param bestOnly NeMo's {@code return_best_hypothesis}
   */
  static Hypotheses of(List<SearchHypothesis> ranked, boolean bestOnly) {
    List<Hypothesis> out = new ArrayList<>();
    for (SearchHypothesis h : Ranking.distinct(ranked)) {
      out.add(Hypothesis.of(h));
      if (bestOnly) {
        break;
      }
    }
    return new Hypotheses(out);
  }

  static List<Hypotheses> ofAll(List<List<SearchHypothesis>> perUtterance, boolean bestOnly) {
    List<Hypotheses> out = new ArrayList<>(perUtterance.size());
    for (List<SearchHypothesis> ranked : perUtterance) {
      out.add(of(ranked, bestOnly));
    }
    return out;
  }
}

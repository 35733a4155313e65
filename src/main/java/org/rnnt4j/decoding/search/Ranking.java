package org.rnnt4j.decoding.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How NeMo's searches order, cut, merge and report hypotheses. */
public final class Ranking {
  private static final double LOG2 = Math.log(2);

  private Ranking() {}

  /**
   * NeMo's {@code sort_nbest}: best first by score, or by score / {@code len(y_sequence)} (tokens + 1)
   * with {@code score_norm}; ties keep their order (Python's sort is stable).
   */
  public static List<SearchHypothesis> sortNBest(List<SearchHypothesis> hyps, boolean scoreNorm) {
    Comparator<SearchHypothesis> key =
        scoreNorm
            ? Comparator.comparingDouble(SearchHypothesis::normalisedScore)
            : Comparator.comparingDouble(SearchHypothesis::score);
    List<SearchHypothesis> out = new ArrayList<>(hyps);
    out.sort(key.reversed());
    return out;
  }

  /** {@code sorted(hyps, key=score, reverse=True)[:beam]}. */
  public static List<SearchHypothesis> best(List<SearchHypothesis> hyps, int beam) {
    List<SearchHypothesis> out = new ArrayList<>(hyps);
    out.sort(Comparator.comparingDouble(SearchHypothesis::score).reversed());
    return new ArrayList<>(out.subList(0, Math.min(beam, out.size())));
  }

  /** Index of the first hypothesis with the highest score (Python's {@code max}). */
  public static int argMax(List<SearchHypothesis> hyps) {
    int best = 0;
    for (int i = 1; i < hyps.size(); i++) {
      if (hyps.get(i).score() > hyps.get(best).score()) {
        best = i;
      }
    }
    return best;
  }

  /**
   * The first hypothesis of each distinct token sequence, in order: NeMo's n-best can hold several
   * alignments of one transcript, and in a ranked list the first is the best of them.
   */
  public static List<SearchHypothesis> distinct(List<SearchHypothesis> ranked) {
    Set<TokenSequence> seen = new HashSet<>();
    List<SearchHypothesis> out = new ArrayList<>();
    for (SearchHypothesis h : ranked) {
      if (seen.add(h.tokens())) {
        out.add(h);
      }
    }
    return out;
  }

  /** {@code numpy.logaddexp}, with its formula, so that merged scores match NeMo's to the last bit. */
  public static double logAddExp(double x, double y) {
    if (x == y) {
      return x + LOG2;
    }
    double d = x - y;
    if (d > 0) {
      return x + Math.log1p(Math.exp(-d));
    }
    if (d <= 0) {
      return y + Math.log1p(Math.exp(d));
    }
    return d; // NaN
  }
}

package org.rnnt4j.decoding;

import org.rnnt4j.decoding.search.SearchHypothesis;

/**
 * A decoded utterance: token ids (no blanks), the encoder frame of each token (NeMo's {@code timestamp}),
 * and the score NeMo's hypothesis carries for the strategy that made it: for greedy decoding the sum of
 * the emitted tokens' log-probabilities, for the beam searches the log-probability of the hypothesis,
 * blanks included (never normalised by length).
 */
public record Hypothesis(int[] tokens, int[] timestamps, double score) {
  static Hypothesis of(SearchHypothesis h) {
    return new Hypothesis(h.tokens().toArray(), h.frames().clone(), h.score());
  }
}

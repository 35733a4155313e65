package org.rnnt4j.decoding.search;

import java.util.Arrays;

/**
 * One hypothesis of a per-utterance beam search, NeMo's {@code rnnt_utils.Hypothesis} as the searches
 * use it: its tokens, the frame of each token, and its log-probability. The score is mutable because
 * NeMo's searches merge hypotheses in place ({@code recombine_hypotheses}, TSD's merge, mAES's prefix
 * search), and an object that sits in two lists (ALSD's {@code A} and {@code final}) sees the merge in
 * both.
 */
public final class SearchHypothesis {
  private final TokenSequence tokens;
  private final int[] frames;
  private double score;

  public SearchHypothesis(TokenSequence tokens, int[] frames, double score) {
    this.tokens = tokens;
    this.frames = frames;
    this.score = score;
  }

  /** The start hypothesis: no tokens, score 0. */
  public static SearchHypothesis start() {
    return new SearchHypothesis(TokenSequence.empty(), new int[0], 0.0);
  }

  public TokenSequence tokens() {
    return tokens;
  }

  /** The encoder frame of each token. */
  public int[] frames() {
    return frames;
  }

  public double score() {
    return score;
  }

  public void setScore(double score) {
    this.score = score;
  }

  /** Adds {@code logProb} to the score. */
  public void addScore(double logProb) {
    score += logProb;
  }

  /** The same tokens with {@code logProb} added: a blank (or, in mAES, a score-only copy). */
  public SearchHypothesis withBlank(double logProb) {
    return new SearchHypothesis(tokens, frames, score + logProb);
  }

  /** This hypothesis extended by {@code token} on {@code frame}, with {@code logProb} added. */
  public SearchHypothesis withToken(int token, int frame, double logProb) {
    int[] f = Arrays.copyOf(frames, frames.length + 1);
    f[frames.length] = frame;
    return new SearchHypothesis(tokens.append(token), f, score + logProb);
  }

  /** NeMo's {@code sort_nbest} key with {@code score_norm}: the score over {@code len(y_sequence)}. */
  public double normalisedScore() {
    return score / (tokens.length() + 1);
  }

  @Override
  public String toString() {
    return tokens + " @" + Arrays.toString(frames) + " " + score;
  }
}

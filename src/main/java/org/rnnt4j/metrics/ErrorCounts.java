package org.rnnt4j.metrics;

import org.rnnt4j.util.Checks;

/**
 * Edit counts of hypotheses against references, summed over utterances, batches and data-parallel ranks
 * before the rate is taken, as jiwer does for a list of sentences: corpus WER is {@code (S + D + I) / (H +
 * S + D)} over the summed counts, not a mean of per-utterance rates.
 *
 * @param substitutions reference tokens replaced by another token
 * @param deletions reference tokens missing from the hypothesis
 * @param insertions hypothesis tokens with no reference token
 * @param hits reference tokens matched exactly
 * @param referenceLength reference tokens in all, always {@code hits + substitutions + deletions}
 */
public record ErrorCounts(long substitutions, long deletions, long insertions, long hits, long referenceLength) {
  public static final ErrorCounts ZERO = new ErrorCounts(0, 0, 0, 0, 0);

  public ErrorCounts {
    Checks.argument(
        substitutions >= 0 && deletions >= 0 && insertions >= 0 && hits >= 0,
        "edit counts must be >= 0, got S=%s D=%s I=%s H=%s",
        substitutions, deletions, insertions, hits);
    Checks.argument(
        referenceLength == hits + substitutions + deletions,
        "referenceLength must be H + S + D = %s, got %s",
        hits + substitutions + deletions, referenceLength);
  }

  /** Counts from an alignment; the reference length follows from them. */
  public static ErrorCounts of(long substitutions, long deletions, long insertions, long hits) {
    return new ErrorCounts(substitutions, deletions, insertions, hits, hits + substitutions + deletions);
  }

  public ErrorCounts plus(ErrorCounts other) {
    return of(
        substitutions + other.substitutions,
        deletions + other.deletions,
        insertions + other.insertions,
        hits + other.hits);
  }

  /** S + D + I, the Levenshtein distance summed over utterances. */
  public long errors() {
    return substitutions + deletions + insertions;
  }

  public long hypothesisLength() {
    return hits + substitutions + insertions;
  }

  /**
   * {@code (S + D + I) / (H + S + D)} as a fraction (0.25 is 25 %): WER when the tokens are words, CER when
   * they are characters. When there are no reference tokens at all this returns the insertion count, as
   * jiwer 4.0 does (0 for empty hypotheses); jiwer 3.x refuses empty references with a ValueError instead.
   */
  public double errorRate() {
    if (referenceLength == 0) {
      return insertions;
    }
    return (double) errors() / referenceLength;
  }
}

package org.rnnt4j.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * Word and character error counts computed exactly as jiwer 3.x does with its default transforms ({@code
 * jiwer.process_words} / {@code jiwer.process_characters}): the same tokenisation, the same Levenshtein
 * alignment (rapidfuzz's, so even the S/D/I/H split matches), counts summed over the corpus. Take the rate
 * with {@link ErrorCounts#errorRate()}; merge batches and ranks with {@link ErrorCounts#plus}.
 *
 * <p>Empty references: jiwer 3.x raises ValueError for a reference that is empty (or only whitespace).
 * Here such a reference is scored as jiwer 4.0 scores it: every hypothesis token is an insertion and the
 * reference adds nothing to the reference length.
 */
public final class ErrorRates {
  private ErrorRates() {}

  /** Word-level counts of one utterance (words split as jiwer's {@code wer_default}). */
  public static ErrorCounts words(String reference, String hypothesis) {
    List<String> ref = JiwerText.words(Checks.notNull(reference, "reference"));
    List<String> hyp = JiwerText.words(Checks.notNull(hypothesis, "hypothesis"));
    Map<String, Integer> ids = new HashMap<>();
    return RapidfuzzAlignment.count(toIds(ref, ids), toIds(hyp, ids));
  }

  /** Character-level counts of one utterance (code points after stripping, spaces included, as {@code cer_default}). */
  public static ErrorCounts characters(String reference, String hypothesis) {
    return RapidfuzzAlignment.count(
        JiwerText.characters(Checks.notNull(reference, "reference")),
        JiwerText.characters(Checks.notNull(hypothesis, "hypothesis")));
  }

  /** Corpus word counts: the sum over aligned pairs, as {@code jiwer.wer(references, hypotheses)} computes them. */
  public static ErrorCounts words(List<String> references, List<String> hypotheses) {
    checkSameSize(references, hypotheses);
    ErrorCounts total = ErrorCounts.ZERO;
    for (int i = 0; i < references.size(); i++) {
      total = total.plus(words(references.get(i), hypotheses.get(i)));
    }
    return total;
  }

  /** Corpus character counts, as {@code jiwer.cer(references, hypotheses)} computes them. */
  public static ErrorCounts characters(List<String> references, List<String> hypotheses) {
    checkSameSize(references, hypotheses);
    ErrorCounts total = ErrorCounts.ZERO;
    for (int i = 0; i < references.size(); i++) {
      total = total.plus(characters(references.get(i), hypotheses.get(i)));
    }
    return total;
  }

  private static void checkSameSize(List<String> references, List<String> hypotheses) {
    Checks.argument(
        references.size() == hypotheses.size(),
        "need one hypothesis per reference, got %s references and %s hypotheses",
        references.size(), hypotheses.size());
  }

  private static int[] toIds(List<String> words, Map<String, Integer> ids) {
    int[] out = new int[words.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.computeIfAbsent(words.get(i), w -> ids.size());
    }
    return out;
  }
}

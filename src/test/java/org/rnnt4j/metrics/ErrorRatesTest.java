package org.rnnt4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked cases and values that jiwer's own test suite (v3.1.0 tests/test_measures.py, test_cer.py,
 * test_alignment.py) asserts for jiwer.wer / jiwer.cer / process_words.
 */
class ErrorRatesTest {
  @Test
  void oneSubstitutionOutOfTwoWords() {
    ErrorCounts c = ErrorRates.words("hello world", "hello duck");
    assertEquals(ErrorCounts.of(1, 0, 0, 1), c);
    assertEquals(0.5, c.errorRate());
  }

  @Test
  void jiwerKnownWordErrorRates() {
    assertEquals(0.0, ErrorRates.words("This is a test", "This is a test").errorRate());
    assertEquals(1.0, ErrorRates.words("This is a test", "").errorRate());
    assertEquals(0.5, ErrorRates.words("This is a test", "This test").errorRate());
    assertEquals(3.0, ErrorRates.words("X", "X X Y Y").errorRate(), "WER is not capped at 1");
    assertEquals(2.0 / 3, ErrorRates.words("X Y X", "X Z").errorRate(), 1e-15);
    assertEquals(1.0, ErrorRates.words("X", "Y").errorRate());
    assertEquals(
        7.0 / 6,
        ErrorRates.words("i am a short ground truth", "i am a considerably longer and very much incorrect hypothesis").errorRate(),
        1e-15);
  }

  @Test
  void jiwerAlignmentSplitsTiesTheSameWay() {
    // jiwer's visualize_alignment tests: this/this is/was(S) a/a ***/messy(I) test/test of/**(D) skill/**(D)
    assertEquals(ErrorCounts.of(1, 2, 1, 3), ErrorRates.words("this is a test of skill", "this was a messy test"));
    // "substitutions=3 deletions=5 insertions=0 hits=1"
    assertEquals(ErrorCounts.of(3, 5, 0, 1), ErrorRates.words("this test will  have a high word error rate", "no it will not"));
    assertEquals(ErrorCounts.of(1, 0, 0, 3), ErrorRates.words("this is a test", "this was a test"));
    assertEquals(ErrorCounts.of(0, 0, 1, 3), ErrorRates.words("this is a", "this is a test"));
    assertEquals(ErrorCounts.of(0, 1, 0, 0), ErrorRates.words("empty", ""));
    assertEquals(ErrorCounts.of(2, 0, 0, 0), ErrorRates.words(List.of("one", "two"), List.of("1", "2")));
  }

  @Test
  void jiwerKnownCharacterErrorRates() {
    assertEquals(0.0, ErrorRates.characters("This is a test", "This is a test").errorRate());
    assertEquals(1.0, ErrorRates.characters("This is a test", "").errorRate());
    assertEquals(5.0 / 14, ErrorRates.characters("This is a test", "This test").errorRate(), 1e-15);
    assertEquals(6.0, ErrorRates.characters("X", "X X Y Y").errorRate(), "spaces are characters");
    assertEquals(3.0 / 5, ErrorRates.characters("X Y X", "X Z").errorRate(), 1e-15);
  }

  @Test
  void tokenisationFollowsJiwerDefaults() {
    assertEquals(ErrorCounts.of(0, 0, 0, 2), ErrorRates.words("  hello \t\n world  ", "hello world"), "runs of whitespace collapse");
    // a single tab is not a run: jiwer splits on ' ' only, so "a\tb" is one word
    assertEquals(ErrorCounts.of(1, 0, 1, 0), ErrorRates.words("a\tb", "a b"));
    assertEquals(ErrorCounts.of(0, 0, 0, 2), ErrorRates.words("a\u00a0\u00a0b", "a b"), "NBSP is Python whitespace");
    assertEquals(ErrorCounts.of(0, 0, 0, 2), ErrorRates.characters("  ab\n", "ab"), "CER strips but keeps inner spaces");
    assertEquals(ErrorCounts.of(0, 1, 0, 3), ErrorRates.characters("a  b", "a b"), "CER does not collapse spaces");
    assertEquals(ErrorCounts.of(1, 0, 0, 1), ErrorRates.characters("a\uD83D\uDE00", "a\uD83D\uDE01"), "one code point, not two chars");
  }

  @Test
  void emptyReferencesAreScoredAsJiwer4Does() {
    assertEquals(ErrorCounts.of(0, 0, 2, 0), ErrorRates.words("", "a b"));
    assertEquals(2.0, ErrorRates.words("", "a b").errorRate(), "jiwer 4: the insertion count");
    assertEquals(0.0, ErrorRates.words("   ", "").errorRate());
    ErrorCounts mixed = ErrorRates.words(List.of("a b", ""), List.of("a b", "c"));
    assertEquals(ErrorCounts.of(0, 0, 1, 2), mixed);
    assertEquals(0.5, mixed.errorRate());
  }

  @Test
  void corpusRateIsPooledNotAveraged() {
    List<String> refs = List.of("a b c d", "e");
    List<String> hyps = List.of("a b c d", "f");
    ErrorCounts corpus = ErrorRates.words(refs, hyps);
    assertEquals(1.0 / 5, corpus.errorRate(), 1e-15, "not (0 + 1) / 2");
    assertEquals(corpus, ErrorRates.words(refs.get(0), hyps.get(0)).plus(ErrorRates.words(refs.get(1), hyps.get(1))));
    assertThrows(IllegalArgumentException.class, () -> ErrorRates.words(refs, List.of("x")));
  }

  @Test
  void errorCountsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new ErrorCounts(1, 0, 0, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> ErrorCounts.of(-1, 0, 0, 1));
    ErrorCounts c = ErrorCounts.of(1, 2, 3, 4);
    assertEquals(7, c.referenceLength());
    assertEquals(8, c.hypothesisLength());
    assertEquals(6, c.errors());
    assertEquals(ErrorCounts.of(2, 4, 6, 8), c.plus(c));
  }
}

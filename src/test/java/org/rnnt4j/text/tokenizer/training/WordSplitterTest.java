package org.rnnt4j.text.tokenizer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordSplitterTest {
  @Test
  void eachWordStartsWithItsSpace() {
    assertEquals(
        List.of("\u2581a", "\u2581", "\u2581b"),
        WordSplitter.split("\u2581a\u2581\u2581b", false, false));
    assertEquals(List.of("x", "\u2581y"), WordSplitter.split("x\u2581y", false, false));
    assertEquals(List.of(), WordSplitter.split("", false, false));
  }

  @Test
  void whitespaceOnlyPiecesKeepSpaceRunsTogether() {
    assertEquals(
        List.of("\u2581a", "\u2581\u2581b"),
        WordSplitter.split("\u2581a\u2581\u2581b", false, true));
  }

  @Test
  void suffixModeEndsEachWordWithItsSpace() {
    assertEquals(List.of("a\u2581", "b\u2581"), WordSplitter.split("a\u2581b\u2581", true, false));
  }
}

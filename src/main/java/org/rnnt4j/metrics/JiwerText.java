package org.rnnt4j.metrics;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.PythonWhitespace;

/**
 * jiwer's default text transforms, with Python's notion of whitespace ({@code str.isspace}, which is also
 * what {@code re}'s {@code \s} matches), so token boundaries match jiwer character for character.
 *
 * <ul>
 *   <li>words ({@code wer_default}): runs of two or more whitespace characters become one space, the
 *       string is stripped, then split on the space character; a single tab or newline between two words
 *       does not split them, exactly as in jiwer.
 *   <li>characters ({@code cer_default}): the string is stripped, then every code point is a token,
 *       spaces included.
 * </ul>
 */
final class JiwerText {
  private JiwerText() {}

  static List<String> words(String sentence) {
    String collapsed = PythonWhitespace.collapseWhitespaceRuns(sentence);
    String stripped = PythonWhitespace.strip(collapsed);
    List<String> words = new ArrayList<>();
    for (String word : stripped.split(" ", -1)) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  static int[] characters(String sentence) {
    return PythonWhitespace.strip(sentence).codePoints().toArray();
  }
}

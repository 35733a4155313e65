package org.rnnt4j.metrics;

import java.util.ArrayList;
import java.util.List;

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
    String collapsed = collapseWhitespaceRuns(sentence);
    String stripped = strip(collapsed);
    List<String> words = new ArrayList<>();
    for (String word : stripped.split(" ", -1)) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  static int[] characters(String sentence) {
    return strip(sentence).codePoints().toArray();
  }

  /** Python's {@code str.isspace()} for one code point. */
  static boolean isPythonSpace(int c) {
    return (c >= 0x09 && c <= 0x0D)
        || (c >= 0x1C && c <= 0x20)
        || c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /** {@code re.sub(r"\s\s+", " ", s)}. */
  static String collapseWhitespaceRuns(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int c = s.codePointAt(i);
      if (isPythonSpace(c)) {
        int end = i + Character.charCount(c);
        while (end < s.length() && isPythonSpace(s.codePointAt(end))) {
          end += Character.charCount(s.codePointAt(end));
        }
        boolean run = end - i > Character.charCount(c);
        if (run) {
          out.append(' ');
        } else {
          out.appendCodePoint(c);
        }
        i = end;
      } else {
        out.appendCodePoint(c);
        i += Character.charCount(c);
      }
    }
    return out.toString();
  }

  /** {@code s.strip()}. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPythonSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isPythonSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }
}

package org.rnnt4j.data.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two word-level steps of the recipe's Switchboard clean-up that are not substitutions, reproduced
 * with Python's exact splitting semantics (including its quirks, so transcripts match the Python run).
 */
public enum SwitchboardWords implements TextRule {
  /**
   * Anomalous words {@code [lemguini/linguini]}: split on {@code /}, drop the last space-separated token of
   * every piece, join, then append the last token of the last piece ({@code str.split(" ")} keeps empty
   * tokens, as here).
   */
  ANOMALOUS_WORDS {
    @Override
    public String apply(String text) {
      String[] pieces = text.split("/", -1);
      if (pieces.length <= 1) {
        return text;
      }
      List<String> joined = new ArrayList<>();
      for (String piece : pieces) {
        String[] tokens = piece.split(" ", -1);
        joined.add(String.join(" ", Arrays.asList(tokens).subList(0, tokens.length - 1)));
      }
      String[] last = pieces[pieces.length - 1].split(" ", -1);
      return String.join(" ", joined) + " " + last[last.length - 1];
    }
  },

  /**
   * Trailing brackets at word edges: a word starting with {@code [} loses it, else one ending with {@code
   * ]} loses that; words are split on runs of whitespace ({@code str.split()}) and joined with one space.
   */
  EDGE_BRACKETS {
    @Override
    public String apply(String text) {
      List<String> out = new ArrayList<>();
      for (String word : splitWhitespace(text)) {
        if (word.startsWith("[")) {
          out.add(word.substring(1));
        } else if (word.endsWith("]")) {
          out.add(word.substring(0, word.length() - 1));
        } else {
          out.add(word);
        }
      }
      return String.join(" ", out);
    }
  };

  /** Python's {@code str.split()}: runs of whitespace separate, no empty words. */
  static List<String> splitWhitespace(String s) {
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && org.rnnt4j.util.PythonWhitespace.isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      int start = i;
      while (i < s.length() && !org.rnnt4j.util.PythonWhitespace.isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      if (i > start) {
        words.add(s.substring(start, i));
      }
    }
    return words;
  }
}

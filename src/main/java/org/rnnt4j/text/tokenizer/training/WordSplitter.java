package org.rnnt4j.text.tokenizer.training;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a normalized sentence into words at {@code ▁}, as SentencePiece's {@code SplitIntoWords}
 * (model_interface.cc) does for training: by default each word starts with its {@code ▁} ("▁a▁▁b"
 * gives "▁a", "▁", "▁b"); with {@code treatWhitespaceAsSuffix} each word ends with it.
 */
public final class WordSplitter {
  private static final int SPACE = 0x2581;

  private WordSplitter() {}

  public static List<String> split(
      String text, boolean treatWhitespaceAsSuffix, boolean allowWhitespaceOnlyPieces) {
    List<String> words = new ArrayList<>();
    if (text.isEmpty()) {
      return words;
    }
    StringBuilder current = null;
    boolean inWsSequence = false;
    if (treatWhitespaceAsSuffix) {
      current = new StringBuilder();
      for (int i = 0; i < text.length(); ) {
        int c = text.codePointAt(i);
        boolean isWs = c == SPACE;
        if (isWs) {
          inWsSequence = true;
        } else if (inWsSequence) {
          if (allowWhitespaceOnlyPieces) {
            words.add(current.toString());
            current = new StringBuilder();
          }
          inWsSequence = false;
        }
        current.appendCodePoint(c);
        i += Character.charCount(c);
        if (i < text.length() && isWs && !allowWhitespaceOnlyPieces) {
          words.add(current.toString());
          current = new StringBuilder();
        }
      }
      words.add(current.toString());
      return words;
    }
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean isWs = c == SPACE;
      if (i == 0 || (isWs && (!inWsSequence || !allowWhitespaceOnlyPieces))) {
        if (current != null) {
          words.add(current.toString());
        }
        current = new StringBuilder();
        inWsSequence = true;
      }
      if (inWsSequence && !isWs) {
        inWsSequence = false;
      }
      current.appendCodePoint(c);
      i += Character.charCount(c);
    }
    words.add(current.toString());
    return words;
  }
}

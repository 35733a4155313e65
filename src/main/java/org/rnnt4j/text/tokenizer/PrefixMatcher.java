package org.rnnt4j.text.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Longest-match lookup of a small set of literal strings in UTF-8 text, as SentencePiece's
 * {@code normalizer::PrefixMatcher}: user-defined symbols are kept intact by the normalizer and the
 * BPE segmenter, and the trainer replaces meta pieces ({@code <unk>}, byte pieces, ...) in its corpus.
 */
final class PrefixMatcher {
  private final List<byte[]> symbols = new ArrayList<>();

  PrefixMatcher(Collection<String> symbols) {
    for (String s : symbols) {
      if (!s.isEmpty()) {
        this.symbols.add(s.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  boolean isEmpty() {
    return symbols.isEmpty();
  }

  /**
   * The byte length of the longest symbol starting at {@code from}, or 0 when none does. When 0, the
   * caller advances by one character ({@link Utf8#charLength}).
   */
  int longestMatch(byte[] text, int from, int to) {
    int best = 0;
    for (byte[] s : symbols) {
      if (s.length > best && s.length <= to - from && startsWith(text, from, s)) {
        best = s.length;
      }
    }
    return best;
  }

  private static boolean startsWith(byte[] text, int from, byte[] s) {
    for (int i = 0; i < s.length; i++) {
      if (text[from + i] != s[i]) {
        return false;
      }
    }
    return true;
  }

  /** Replaces every occurrence of a symbol (leftmost-longest) with {@code replacement}. */
  String replaceAll(String text, String replacement) {
    if (symbols.isEmpty()) {
      return text;
    }
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    byte[] rep = replacement.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
    int pos = 0;
    while (pos < in.length) {
      int matched = longestMatch(in, pos, in.length);
      if (matched > 0) {
        out.write(rep, 0, rep.length);
        pos += matched;
      } else {
        int len = Math.min(Utf8.charLength(in[pos]), in.length - pos);
        out.write(in, pos, len);
        pos += len;
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}

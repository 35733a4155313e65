package org.rnnt4j.text.tokenizer.normalize;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Longest-match lookup of a small set of literal strings in UTF-8 text, as SentencePiece's {@code
 * normalizer::PrefixMatcher}: user-defined symbols are kept intact by the normalizer and the BPE
 * segmenter, and the trainer replaces meta pieces ({@code <unk>}, byte pieces, ...) in its corpus.
 */
public final class PrefixMatcher {
  /**
   * Symbols grouped by first byte, so a position is checked only against symbols that can match.
   */
  @SuppressWarnings("unchecked")
  private final List<byte[]>[] byFirstByte = new List[256];

  private final boolean empty;

  public PrefixMatcher(Collection<String> symbols) {
    boolean any = false;
    for (String s : symbols) {
      if (!s.isEmpty()) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int first = bytes[0] & 0xFF;
        if (byFirstByte[first] == null) {
          byFirstByte[first] = new ArrayList<>();
        }
        byFirstByte[first].add(bytes);
        any = true;
      }
    }
    this.empty = !any;
  }

  /**
   * The byte length of the longest symbol starting at {@code from}, or 0 when none does. When 0,
   * the caller advances by one character ({@link Utf8#charLength}).
   */
  int longestMatch(byte[] text, int from, int to) {
    List<byte[]> candidates = empty || from >= to ? null : byFirstByte[text[from] & 0xFF];
    if (candidates == null) {
      return 0;
    }
    int best = 0;
    for (byte[] s : candidates) {
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
  public String replaceAll(String text, String replacement) {
    if (empty) {
      return text;
    }
    byte[] in = text.getBytes(StandardCharsets.UTF_8);
    byte[] rep = replacement.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
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

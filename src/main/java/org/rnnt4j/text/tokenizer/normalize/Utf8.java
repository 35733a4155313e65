package org.rnnt4j.text.tokenizer.normalize;

import java.util.Comparator;

/**
 * The UTF-8 helpers of SentencePiece's {@code string_util} that decide how bytes split into
 * characters, plus the code-point string order that C++ {@code std::string} comparison of UTF-8
 * gives.
 */
public final class Utf8 {
  /** U+2581 LOWER ONE EIGHTH BLOCK, SentencePiece's visible space. */
  public static final String SPACE_SYMBOL = "\u2581";

  /**
   * Orders strings as their UTF-8 bytes compare (= by code point), which differs from {@link
   * String#compareTo} for characters above U+FFFF.
   */
  public static final Comparator<String> CODE_POINT_ORDER = Utf8::compareCodePoints;

  private Utf8() {}

  /** {@code string_util::OneCharLen}: the length a lead byte announces (1 for stray bytes). */
  static int charLength(byte lead) {
    int hi = (lead & 0xFF) >>> 4;
    if (hi < 12) {
      return 1;
    }
    return hi < 14 ? 2 : hi == 14 ? 3 : 4;
  }

  public static boolean isValidCodePoint(int c) {
    return (c >= 0 && c < 0xD800) || (c >= 0xE000 && c <= 0x10FFFF);
  }

  /**
   * {@code string_util::DecodeUTF8} length check: the byte length of the well-formed character at
   * {@code from}, or 0 when the bytes there are malformed (SentencePiece then consumes one byte and
   * emits U+FFFD).
   */
  public static int validCharLength(byte[] s, int from, int to) {
    int len = to - from;
    int b0 = s[from] & 0xFF;
    if (b0 < 0x80) {
      return 1;
    }
    if (len >= 2 && (b0 & 0xE0) == 0xC0) {
      int cp = ((b0 & 0x1F) << 6) | (s[from + 1] & 0x3F);
      return isTrail(s[from + 1]) && cp >= 0x80 && isValidCodePoint(cp) ? 2 : 0;
    }
    if (len >= 3 && (b0 & 0xF0) == 0xE0) {
      int cp = ((b0 & 0x0F) << 12) | ((s[from + 1] & 0x3F) << 6) | (s[from + 2] & 0x3F);
      return isTrail(s[from + 1]) && isTrail(s[from + 2]) && cp >= 0x800 && isValidCodePoint(cp)
          ? 3
          : 0;
    }
    if (len >= 4 && (b0 & 0xF8) == 0xF0) {
      int cp =
          ((b0 & 0x07) << 18)
              | ((s[from + 1] & 0x3F) << 12)
              | ((s[from + 2] & 0x3F) << 6)
              | (s[from + 3] & 0x3F);
      return isTrail(s[from + 1])
              && isTrail(s[from + 2])
              && isTrail(s[from + 3])
              && cp >= 0x10000
              && isValidCodePoint(cp)
          ? 4
          : 0;
    }
    return 0;
  }

  private static boolean isTrail(byte b) {
    return (b & 0xC0) == 0x80;
  }

  public static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}

package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.normalize.Utf8;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;

/**
 * Decides whether the trainer may create a piece, as {@code TrainerInterface::IsValidSentencePiece}
 * (trainer_interface.cc): not longer than {@code max_sentencepiece_length}; no unknown marker, NUL,
 * tab or space; {@code ▁} only at the start (or end, with whitespace-as-suffix); and, with {@code
 * split_by_unicode_script}, a single Unicode script (Hiragana and Katakana count as Han, combining
 * marks take the script before them, digits are their own unless {@code split_by_number} is off).
 *
 * <p>Scripts come from {@link Character.UnicodeScript} (Java's Unicode version) where SentencePiece
 * has its own table; characters Java calls UNKNOWN count as Common, as in SentencePiece.
 */
public final class PieceValidator {
  static final int WS_CHAR = 0x2581;
  static final int UNK_CHAR = 0x2585;
  static final int UPP_BOUNDARY_CHAR = 0x09;

  /** No script constraint yet ({@code kAnyType}). */
  private static final Character.UnicodeScript ANY = null;

  private final int maxLength;
  private final boolean splitByUnicodeScript;
  private final boolean splitByNumber;
  private final boolean splitByWhitespace;
  private final boolean splitDigits;
  private final boolean treatWhitespaceAsSuffix;
  private final boolean allowWhitespaceOnlyPieces;

  public PieceValidator(TrainerSpec spec) {
    this.maxLength = spec.maxSentencepieceLength();
    this.splitByUnicodeScript = spec.splitByUnicodeScript();
    this.splitByNumber = spec.splitByNumber();
    this.splitByWhitespace = spec.splitByWhitespace();
    this.splitDigits = spec.splitDigits();
    this.treatWhitespaceAsSuffix = spec.treatWhitespaceAsSuffix();
    this.allowWhitespaceOnlyPieces = spec.allowWhitespaceOnlyPieces();
  }

  public boolean isValid(int[] piece) {
    int n = piece.length;
    if (n == 0 || n > maxLength) {
      return false;
    }
    boolean allWhitespace = true;
    for (int c : piece) {
      allWhitespace &= c == WS_CHAR;
    }
    Character.UnicodeScript prevScript = ANY;
    for (int pos = 0; pos < n; pos++) {
      int c = piece[pos];
      if (c == UNK_CHAR
          || c == 0
          || c == UPP_BOUNDARY_CHAR
          || c == ' '
          || !Utf8.isValidCodePoint(c)) {
        return false;
      }
      if (c == WS_CHAR) {
        if (!allowWhitespaceOnlyPieces || !allWhitespace) {
          boolean misplaced =
              treatWhitespaceAsSuffix
                  ? (splitByWhitespace && pos < n - 1)
                      || (!splitByWhitespace && pos < n - 1 && pos == 0)
                  : (splitByWhitespace && pos > 0)
                      || (!splitByWhitespace && pos > 0 && pos == n - 1);
          if (misplaced) {
            return false;
          }
        }
        continue;
      }
      Character.UnicodeScript script = scriptOf(c);
      if (script == Character.UnicodeScript.HIRAGANA
          || script == Character.UnicodeScript.KATAKANA
          || c == 0x30FC) {
        script = Character.UnicodeScript.HAN;
      } else if (script == Character.UnicodeScript.INHERITED) {
        script = prevScript;
      }
      boolean isDecimal = isDecimalNumber(c);
      if (!splitByNumber && isDecimal) {
        script = ANY;
      }
      if (splitDigits && isDecimal && n > 1) {
        return false;
      }
      if (splitByUnicodeScript && script != ANY && prevScript != ANY && prevScript != script) {
        return false;
      }
      prevScript = script;
    }
    return true;
  }

  private static Character.UnicodeScript scriptOf(int c) {
    Character.UnicodeScript s = Character.UnicodeScript.of(c);
    return s == Character.UnicodeScript.UNKNOWN ? Character.UnicodeScript.COMMON : s;
  }

  /** ASCII and full-width digits, as {@code is_unicode_decimal_number}. */
  private static boolean isDecimalNumber(int c) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0xFF10 && c <= 0xFF19);
  }
}

package org.rnnt4j.text.tokenizer.training;

import java.util.Arrays;

/**
 * A character or a bigram of symbols during BPE training ({@code bpe::Trainer::Symbol}): its
 * characters, a fingerprint that identifies how it was built, its cached frequency (0 = must be
 * recomputed) and the sorted set of places it occurs, each encoded as (sentence id, left index,
 * right index).
 */
public final class BpeSymbol {
  final BpeSymbol left;
  final BpeSymbol right;
  final int[] chars;
  final boolean isUnk;
  final long fingerprint;

  /** Creation order; stands in for the C++ pointer order of {@code std::set<Symbol*>}. */
  final long serial;

  long freq;
  final PositionSet positions = new PositionSet();
  private String text;

  BpeSymbol(
      BpeSymbol left,
      BpeSymbol right,
      int[] chars,
      boolean isUnk,
      long fingerprint,
      long freq,
      long serial) {
    this.left = left;
    this.right = right;
    this.chars = chars;
    this.isUnk = isUnk;
    this.fingerprint = fingerprint;
    this.freq = freq;
    this.serial = serial;
  }

  boolean isBigram() {
    return left != null && right != null;
  }

  String text() {
    if (text == null) {
      text = new String(chars, 0, chars.length);
    }
    return text;
  }

  /** Code-point (= UTF-8 byte) order of the symbols' text, as C++ {@code std::string <}. */
  int compareText(BpeSymbol other) {
    return Arrays.compare(chars, other.chars);
  }

  /** Encodes a bigram place; indices must fit 16 bits as in {@code EncodePos}. */
  static long encodePosition(int sentence, int left, int right) {
    if (left < 0 || right < 0 || left > 0xFFFF || right > 0xFFFF) {
      throw new IllegalStateException(
          "symbol index out of range: " + left + ", " + right + " (max 65535)");
    }
    return ((long) sentence << 32) | ((long) left << 16) | right;
  }

  static int sentenceOf(long position) {
    return (int) (position >>> 32);
  }

  static int leftOf(long position) {
    return (int) ((position >>> 16) & 0xFFFF);
  }

  static int rightOf(long position) {
    return (int) (position & 0xFFFF);
  }

  @Override
  public String toString() {
    return text() + "(freq " + freq + ")";
  }
}

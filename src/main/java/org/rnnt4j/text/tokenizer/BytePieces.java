package org.rnnt4j.text.tokenizer;

/**
 * The byte-fallback piece names: byte {@code b} is the piece {@code <0xNN>} with two upper-case hex
 * digits ({@code ByteToPiece} / {@code PieceToByte} in SentencePiece's model_interface.cc).
 */
public final class BytePieces {
  private BytePieces() {}

  public static String pieceOf(int b) {
    return String.format("<0x%02X>", b & 0xFF);
  }

  /** The byte a piece names, or -1 when it is not exactly {@code <0xNN>} (upper-case hex). */
  static int byteOf(String piece) {
    if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
      return -1;
    }
    int hi = hexDigit(piece.charAt(3));
    int lo = hexDigit(piece.charAt(4));
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}

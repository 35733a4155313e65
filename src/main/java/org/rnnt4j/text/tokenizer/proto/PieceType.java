package org.rnnt4j.text.tokenizer.proto;

/** SentencePiece's {@code ModelProto.SentencePiece.Type}: what role a vocabulary entry plays. */
public enum PieceType {
  /** An ordinary piece that the segmenter may produce. */
  NORMAL(1),
  /** The unknown piece ({@code <unk>}); exactly one per model. */
  UNKNOWN(2),
  /** A control symbol such as {@code <s>}: never produced from text, invisible when decoded. */
  CONTROL(3),
  /** A user-defined symbol: always segmented as one piece wherever it occurs in the text. */
  USER_DEFINED(4),
  /** A piece kept in the vocabulary but never produced (BPE resegments it into its parts). */
  UNUSED(5),
  /** A byte piece {@code <0xNN>} used by byte fallback. */
  BYTE(6);

  private final int number;

  PieceType(int number) {
    this.number = number;
  }

  /** The enum value on the wire. */
  public int number() {
    return number;
  }

  /** The piece type for a wire value, or null when the value is not one of SentencePiece's. */
  static PieceType fromNumber(int number) {
    for (PieceType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    return null;
  }
}

package org.rnnt4j.text.tokenizer.proto;

import org.rnnt4j.util.Checks;

/**
 * One vocabulary entry of a SentencePiece model ({@code ModelProto.SentencePiece}): the piece text
 * (with {@code ▁} for a space), its score (log probability for unigram, minus the merge rank for
 * BPE) and its type.
 */
public record Piece(String piece, float score, PieceType type) {
  public Piece {
    Checks.notNull(piece, "piece");
    Checks.notNull(type, "type");
    Checks.argument(!piece.isEmpty(), "a piece must not be empty (score %s, type %s)", score, type);
  }
}

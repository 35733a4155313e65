package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.proto.Piece;
import org.rnnt4j.text.tokenizer.proto.PieceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.util.FormatException;

/**
 * The vocabulary lookups of a loaded model, built and checked as {@code
 * ModelInterface::InitializePieces} does: NORMAL, USER_DEFINED and UNUSED pieces are segmentable;
 * UNKNOWN, CONTROL and BYTE pieces are reserved (found by {@link #pieceToId} but never produced by
 * merging); exactly one UNKNOWN piece; with byte fallback, all 256 byte pieces.
 */
public final class PieceTable {
  private final List<Piece> pieces;
  private final Map<String, Integer> segmentable = new HashMap<>();
  private final Map<String, Integer> reserved = new HashMap<>();
  private final List<String> userDefined = new ArrayList<>();
  private final int[] byteIds = new int[256];
  private final int unkId;
  private final boolean byteFallback;

  /**
   * @param source names the model file in error messages
   */
  PieceTable(List<Piece> pieces, boolean byteFallback, String source) {
    this.pieces = List.copyOf(pieces);
    this.byteFallback = byteFallback;
    java.util.Arrays.fill(byteIds, -1);
    int unk = -1;
    for (int id = 0; id < pieces.size(); id++) {
      Piece p = pieces.get(id);
      boolean isSegmentable =
          p.type() == PieceType.NORMAL
              || p.type() == PieceType.USER_DEFINED
              || p.type() == PieceType.UNUSED;
      Map<String, Integer> target = isSegmentable ? segmentable : reserved;
      if (target.putIfAbsent(p.piece(), id) != null) {
        throw new FormatException(
            source,
            "piece '"
                + p.piece()
                + "' (id "
                + id
                + ") is already defined"
                + " as id "
                + target.get(p.piece()));
      }
      switch (p.type()) {
        case USER_DEFINED -> userDefined.add(p.piece());
        case UNKNOWN -> {
          if (unk >= 0) {
            throw new FormatException(
                source,
                "a second UNKNOWN piece '"
                    + p.piece()
                    + "' at id "
                    + id
                    + " (the first is id "
                    + unk
                    + "); a model has exactly one");
          }
          unk = id;
        }
        case BYTE -> {
          if (!byteFallback) {
            throw new FormatException(
                source,
                "byte piece "
                    + p.piece()
                    + " (id "
                    + id
                    + ") found although trainer_spec.byte_fallback is false");
          }
          int b = BytePieces.byteOf(p.piece());
          if (b < 0) {
            throw new FormatException(
                source, "byte piece '" + p.piece() + "' (id " + id + ") is not of the form <0xNN>");
          }
          byteIds[b] = id;
        }
        default -> {}
      }
    }
    if (unk < 0) {
      throw new FormatException(source, "the model has no UNKNOWN piece; exactly one is required");
    }
    if (byteFallback) {
      for (int b = 0; b < 256; b++) {
        if (byteIds[b] < 0) {
          throw new FormatException(
              source,
              "byte_fallback is true but byte piece "
                  + BytePieces.pieceOf(b)
                  + " is missing; all 256 are required");
        }
      }
    }
    this.unkId = unk;
  }

  int size() {
    return pieces.size();
  }

  Piece piece(int id) {
    return pieces.get(id);
  }

  List<Piece> pieces() {
    return pieces;
  }

  int unkId() {
    return unkId;
  }

  boolean byteFallback() {
    return byteFallback;
  }

  /**
   * The id of a reserved or segmentable piece, else the unk id ({@code ModelInterface::PieceToId}).
   */
  int pieceToId(String piece) {
    Integer id = reserved.get(piece);
    if (id == null) {
      id = segmentable.get(piece);
    }
    return id == null ? unkId : id;
  }

  /** The id of a NORMAL, USER_DEFINED or UNUSED piece, or -1 (the pieces a segmenter may use). */
  int segmentableId(String piece) {
    Integer id = segmentable.get(piece);
    return id == null ? -1 : id;
  }

  Map<String, Integer> segmentablePieces() {
    return Collections.unmodifiableMap(segmentable);
  }

  int byteId(int b) {
    return byteIds[b];
  }

  List<String> userDefinedSymbols() {
    return Collections.unmodifiableList(userDefined);
  }

  PieceType type(int id) {
    return pieces.get(id).type();
  }
}

package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.BytePieces;
import org.rnnt4j.text.tokenizer.proto.Piece;
import org.rnnt4j.text.tokenizer.proto.PieceType;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The pieces a trainer places before any learned piece, by id, as {@code
 * TrainerInterface::InitMetaPieces}: {@code <unk>} (and {@code <s>}, {@code </s>}, {@code <pad>}
 * when their ids are not -1) at their ids, then control symbols, user-defined symbols and, with
 * byte fallback, the 256 byte pieces in the lowest free ids.
 */
public final class MetaPieces {
  private MetaPieces() {}

  /**
   * @throws IllegalArgumentException when ids clash, exceed the vocabulary or a symbol repeats
   */
  static SortedMap<Integer, Piece> of(TrainerSpec spec) {
    SortedMap<Integer, Piece> meta = new TreeMap<>();
    String unk = spec.unkPiece();
    insertId(meta, spec, spec.unkId(), unk, "unk_id");
    insertId(meta, spec, spec.bosId(), spec.bosPiece(), "bos_id");
    insertId(meta, spec, spec.eosId(), spec.eosPiece(), "eos_id");
    insertId(meta, spec, spec.padId(), spec.padPiece(), "pad_id");
    if (meta.values().stream().noneMatch(p -> p.type() == PieceType.UNKNOWN)) {
      throw new IllegalArgumentException(unk + " must be defined: unk_id is " + spec.unkId());
    }
    Set<String> seen = new HashSet<>();
    int[] nextId = {0};
    for (String w : spec.controlSymbols()) {
      insertSymbol(meta, spec, seen, nextId, w, PieceType.CONTROL);
    }
    for (String w : spec.userDefinedSymbols()) {
      insertSymbol(meta, spec, seen, nextId, w, PieceType.USER_DEFINED);
    }
    if (spec.byteFallback()) {
      for (int b = 0; b < 256; b++) {
        insertSymbol(meta, spec, seen, nextId, BytePieces.pieceOf(b), PieceType.BYTE);
      }
    }
    return Collections.unmodifiableSortedMap(meta);
  }

  private static void insertId(
      SortedMap<Integer, Piece> meta, TrainerSpec spec, int id, String w, String flag) {
    if (id < 0) {
      return;
    }
    boolean isUnk = w.equals(spec.unkPiece());
    boolean hasUnk = meta.values().stream().anyMatch(p -> p.type() == PieceType.UNKNOWN);
    if (id >= spec.vocabSize() || meta.containsKey(id) || (hasUnk && isUnk)) {
      throw new IllegalArgumentException(
          flag
              + "="
              + id
              + " for "
              + w
              + " is invalid: it must be below vocab_size "
              + spec.vocabSize()
              + " and not used by "
              + meta.get(id));
    }
    meta.put(id, new Piece(w, 0f, isUnk ? PieceType.UNKNOWN : PieceType.CONTROL));
  }

  private static void insertSymbol(
      SortedMap<Integer, Piece> meta,
      TrainerSpec spec,
      Set<String> seen,
      int[] nextId,
      String w,
      PieceType type) {
    if (!seen.add(w)) {
      throw new IllegalArgumentException(
          w + " is defined twice among control, user-defined and byte symbols");
    }
    if (w.equals(spec.unkPiece())) {
      throw new IllegalArgumentException(
          w + " must not be given as a control or user-defined symbol");
    }
    Integer reservedId = null;
    if (w.equals(spec.bosPiece()) && spec.bosId() >= 0) {
      reservedId = spec.bosId();
    } else if (w.equals(spec.eosPiece()) && spec.eosId() >= 0) {
      reservedId = spec.eosId();
    } else if (w.equals(spec.padPiece()) && spec.padId() >= 0) {
      reservedId = spec.padId();
    }
    if (reservedId != null) {
      meta.put(reservedId, new Piece(w, 0f, type));
      return;
    }
    while (meta.containsKey(nextId[0])) {
      nextId[0]++;
    }
    meta.put(nextId[0], new Piece(w, 0f, type));
  }
}

package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.proto.PieceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * BPE segmentation as SentencePiece's {@code bpe::Model::Encode} (bpe_model.cc): start from
 * characters (a user-defined symbol is one frozen symbol), then repeatedly merge the adjacent pair
 * whose merged piece has the highest score, the leftmost pair first on equal scores. A merged piece
 * of type UNUSED is split back into the two pieces it was made from.
 *
 * <p>Greedy merging by score equals replaying the trainer's merges in order, because a BPE model's
 * scores are minus the merge rank.
 */
public final class BpeSegmenter implements Segmenter {
  private final PieceTable table;

  BpeSegmenter(PieceTable table) {
    this.table = table;
  }

  /**
   * A candidate merge of the symbols at {@code left} and {@code right}, of {@code length} chars.
   */
  private record Candidate(int left, int right, float score, int length) {}

  @Override
  public List<EncodedPiece> segment(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    // Symbols as a doubly linked list over [start, end) ranges of text; end == start means merged
    // away.
    int n = text.length();
    int[] start = new int[n];
    int[] end = new int[n];
    boolean[] frozen = new boolean[n];
    int count = 0;
    List<String> userSymbols = table.userDefinedSymbols();
    for (int pos = 0; pos < n; ) {
      int len = longestUserSymbol(text, pos, userSymbols);
      frozen[count] = len > 0;
      if (len == 0) {
        len = Character.charCount(text.codePointAt(pos));
      }
      start[count] = pos;
      end[count] = pos + len;
      count++;
      pos += len;
    }
    int[] prev = new int[count];
    int[] next = new int[count];
    for (int i = 0; i < count; i++) {
      prev[i] = i - 1;
      next[i] = i + 1 < count ? i + 1 : -1;
    }

    // Higher score first, then the leftmost; primitive comparison so that -0.0 ties with 0.0 as in
    // C++.
    PriorityQueue<Candidate> agenda =
        new PriorityQueue<>(
            (a, b) ->
                a.score() != b.score()
                    ? (a.score() > b.score() ? -1 : 1)
                    : Integer.compare(a.left(), b.left()));
    Map<String, String[]> reverseMerges = new HashMap<>();
    for (int i = 1; i < count; i++) {
      addCandidate(text, i - 1, i, start, end, frozen, agenda, reverseMerges);
    }
    while (!agenda.isEmpty()) {
      Candidate top = agenda.poll();
      int l = top.left();
      int r = top.right();
      int leftLen = end[l] - start[l];
      int rightLen = end[r] - start[r];
      // Stale entry: one side was merged away or grew since the candidate was queued.
      if (leftLen == 0 || rightLen == 0 || leftLen + rightLen != top.length()) {
        continue;
      }
      end[l] = end[r];
      next[l] = next[r];
      if (next[r] >= 0) {
        prev[next[r]] = l;
      }
      end[r] = start[r];
      if (prev[l] >= 0) {
        addCandidate(text, prev[l], l, start, end, frozen, agenda, reverseMerges);
      }
      if (next[l] >= 0) {
        addCandidate(text, l, next[l], start, end, frozen, agenda, reverseMerges);
      }
    }

    List<EncodedPiece> out = new ArrayList<>();
    for (int i = 0; i != -1; i = next[i]) {
      resegment(text.substring(start[i], end[i]), reverseMerges, out);
    }
    return out;
  }

  private void addCandidate(
      String text,
      int left,
      int right,
      int[] start,
      int[] end,
      boolean[] frozen,
      PriorityQueue<Candidate> agenda,
      Map<String, String[]> reverseMerges) {
    if (frozen[left] || frozen[right]) {
      return;
    }
    String piece = text.substring(start[left], end[right]);
    int id = table.segmentableId(piece);
    if (id < 0) {
      return;
    }
    agenda.add(new Candidate(left, right, table.piece(id).score(), piece.length()));
    if (table.type(id) == PieceType.UNUSED) {
      reverseMerges.put(
          piece,
          new String[] {
            text.substring(start[left], end[left]), text.substring(start[right], end[right])
          });
    }
  }

  private void resegment(
      String piece, Map<String, String[]> reverseMerges, List<EncodedPiece> out) {
    int id = table.pieceToId(piece);
    String[] parts = table.type(id) == PieceType.UNUSED ? reverseMerges.get(piece) : null;
    if (parts == null) {
      out.add(new EncodedPiece(piece, id));
      return;
    }
    resegment(parts[0], reverseMerges, out);
    resegment(parts[1], reverseMerges, out);
  }

  static int longestUserSymbol(String text, int pos, List<String> symbols) {
    int best = 0;
    for (String s : symbols) {
      if (s.length() > best && text.startsWith(s, pos)) {
        best = s.length();
      }
    }
    return best;
  }
}

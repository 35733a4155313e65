package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.proto.Piece;
import org.rnnt4j.text.tokenizer.proto.PieceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Unigram segmentation as SentencePiece's {@code unigram::Model::EncodeOptimized}
 * (unigram_model.cc, the default encoder of 0.1.97): a Viterbi search for the piece sequence with
 * the highest sum of piece log probabilities. A character no piece covers becomes an unknown piece
 * scored {@code min(NORMAL scores) - 10}; a user-defined piece scores {@code utf8Length *
 * max(NORMAL scores) - 0.1}.
 *
 * <p>The arithmetic keeps the C++ types (double for piece candidates, float for unknown candidates
 * and for stored path scores) so that ties resolve exactly as in the reference; the first candidate
 * wins a tie, scanning start positions left to right and lengths short to long.
 */
public final class UnigramSegmenter implements Segmenter {
  /** {@code kUnkPenalty} in unigram_model.cc. */
  private static final float UNK_PENALTY = 10.0f;

  private final PieceTable table;
  private final Map<String, Integer> pieces;
  private final int maxPieceChars;
  private final float minScore;
  private final float maxScore;

  UnigramSegmenter(PieceTable table) {
    this.table = table;
    this.pieces = table.segmentablePieces();
    float min = Float.MAX_VALUE;
    float max = Float.MIN_VALUE; // FLT_MIN in C++: the smallest positive float, kept for parity.
    for (Piece p : table.pieces()) {
      if (p.type() == PieceType.NORMAL) {
        min = Math.min(min, p.score());
        max = Math.max(max, p.score());
      }
    }
    this.minScore = min;
    this.maxScore = max;
    this.maxPieceChars = pieces.keySet().stream().mapToInt(String::length).max().orElse(0);
  }

  @Override
  public List<EncodedPiece> segment(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    int n = text.length();
    float[] bestScore = new float[n + 1];
    int[] startsAt = new int[n + 1];
    int[] bestId = new int[n + 1];
    java.util.Arrays.fill(startsAt, -1);
    float unkScore = minScore - UNK_PENALTY;
    for (int begin = 0; begin < n; ) {
      float tillHere = bestScore[begin];
      int charLen = Character.charCount(text.codePointAt(begin));
      boolean hasSingleNode = false;
      int limit = Math.min(n, begin + maxPieceChars);
      for (int end = begin + charLen; end <= limit; ) {
        Integer id = pieces.get(text.substring(begin, end));
        if (id != null && table.type(id) != PieceType.UNUSED) {
          double score;
          if (table.type(id) == PieceType.USER_DEFINED) {
            int bytes = text.substring(begin, end).getBytes(StandardCharsets.UTF_8).length;
            score = (double) ((float) bytes * maxScore) - 0.1;
          } else {
            score = table.piece(id).score();
          }
          double candidate = score + tillHere;
          if (startsAt[end] == -1 || candidate > bestScore[end]) {
            bestScore[end] = (float) candidate;
            startsAt[end] = begin;
            bestId[end] = id;
          }
          if (end - begin == charLen) {
            hasSingleNode = true;
          }
        }
        if (end >= n) {
          break;
        }
        end += Character.charCount(text.codePointAt(end));
      }
      if (!hasSingleNode) {
        int end = begin + charLen;
        float candidate = unkScore + tillHere;
        if (startsAt[end] == -1 || candidate > bestScore[end]) {
          bestScore[end] = candidate;
          startsAt[end] = begin;
          bestId[end] = table.unkId();
        }
      }
      begin += charLen;
    }
    List<EncodedPiece> out = new ArrayList<>();
    for (int end = n; end > 0; end = startsAt[end]) {
      out.add(new EncodedPiece(text.substring(startsAt[end], end), bestId[end]));
    }
    Collections.reverse(out);
    return out;
  }
}

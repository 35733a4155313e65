package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.ModelType;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import org.rnnt4j.text.tokenizer.proto.Piece;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * Builds the trained {@link ModelProto} as {@code TrainerInterface::Serialize}: meta pieces at
 * their ids (score 0), learned pieces in the remaining ids in order, the trainer and normalizer
 * specs as given, and, when {@code hard_vocab_limit} is false, {@code vocab_size} set to the actual
 * piece count.
 */
public final class ModelAssembler {
  private ModelAssembler() {}

  /**
   * @param learned pieces with their scores, in id order after the meta pieces
   * @throws IllegalStateException when a piece repeats or the counts do not add up
   * @throws IllegalArgumentException when hard_vocab_limit is on and the corpus gave fewer pieces
   */
  static ModelProto assemble(
      TrainerSpec spec,
      NormalizerSpec normalizerSpec,
      SortedMap<Integer, Piece> meta,
      List<Piece> learned) {
    List<Piece> pieces = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int next = 0;
    for (int id = 0; id < spec.vocabSize(); id++) {
      Piece p = meta.get(id);
      if (p == null) {
        if (next >= learned.size()) {
          continue;
        }
        p = learned.get(next++);
      } else if (pieces.size() != id) {
        throw new IllegalStateException(
            "meta piece "
                + p.piece()
                + " should have id "
                + id
                + " but would get "
                + pieces.size()
                + ": too few learned pieces to fill the ids before it");
      }
      if (!seen.add(p.piece())) {
        throw new IllegalStateException("piece '" + p.piece() + "' is already defined");
      }
      pieces.add(p);
    }
    if (next != learned.size()) {
      throw new IllegalStateException(
          learned.size()
              + " learned pieces but only "
              + next
              + " fit in vocab_size "
              + spec.vocabSize());
    }
    TrainerSpec finalSpec = spec;
    if (!spec.hardVocabLimit() || spec.modelType() == ModelType.CHAR) {
      finalSpec = spec.withVocabSize(pieces.size());
    } else if (spec.vocabSize() != pieces.size()) {
      throw new IllegalArgumentException(
          "vocabulary size too high ("
              + spec.vocabSize()
              + "); please set it to a value <= "
              + pieces.size()
              + " or set hard_vocab_limit=false");
    }
    return new ModelProto(pieces, finalSpec, normalizerSpec);
  }
}

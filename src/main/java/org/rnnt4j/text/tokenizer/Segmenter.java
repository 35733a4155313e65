package org.rnnt4j.text.tokenizer;

import java.util.List;

/**
 * Splits a normalized string into vocabulary pieces: the {@code Encode} of SentencePiece's {@code
 * ModelInterface}, implemented by {@link BpeSegmenter} and {@link UnigramSegmenter}. Pieces not in
 * the vocabulary come back with the unk id; unknown runs are merged later by the caller.
 */
public interface Segmenter {
  /**
   * @param normalized output of the model's normalizer
   * @return the pieces in order; their concatenation is {@code normalized}
   */
  List<EncodedPiece> segment(String normalized);
}

package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.ModelType;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import org.rnnt4j.text.tokenizer.proto.Piece;
import org.rnnt4j.text.tokenizer.proto.PieceType;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.rnnt4j.util.Checks;

/**
 * Trains a BPE SentencePiece model as {@code spm_train --model_type=bpe} of sentencepiece 0.1.97
 * ({@code bpe::Trainer} with {@code TrainerInterface}): load and normalise the sentences, pick the
 * required characters by coverage, split into words at {@code ▁}, learn merges ({@link
 * BpeMergeLearner}), then lay out the vocabulary: meta pieces, merged pieces in merge order, then
 * the required characters by descending frequency (code point on ties). Piece {@code i} of the
 * learned part scores {@code -i}.
 */
public final class BpeTrainer {
  private final TrainerSpec spec;
  private final NormalizerSpec normalizerSpec;

  /**
   * @param spec the trainer flags; model_type must be BPE
   * @param normalizerSpec the normalisation (rule name and its precompiled map, whitespace
   *     switches)
   * @throws IllegalArgumentException for flags {@code spm_train} rejects ({@code VerifySpec})
   */
  public BpeTrainer(TrainerSpec spec, NormalizerSpec normalizerSpec) {
    this.spec = Checks.notNull(spec, "spec");
    this.normalizerSpec = Checks.notNull(normalizerSpec, "normalizerSpec");
    Checks.argument(
        spec.modelType() == ModelType.BPE, "model_type must be BPE, got %s", spec.modelType());
    Checks.argument(spec.vocabSize() > 0, "vocab_size must be positive, got %s", spec.vocabSize());
    Checks.argument(!spec.useAllVocab(), "use_all_vocab is only valid for WORD and CHAR models");
    Checks.argument(
        spec.characterCoverage() >= 0.98f && spec.characterCoverage() <= 1.0f,
        "character_coverage must be in [0.98, 1.0], got %s",
        spec.characterCoverage());
    Checks.argument(
        spec.maxSentencepieceLength() >= 1 && spec.maxSentencepieceLength() <= 512,
        "max_sentencepiece_length must be in [1, 512], got %s",
        spec.maxSentencepieceLength());
    Checks.argument(
        spec.maxSentenceLength() >= 10,
        "max_sentence_length must be at least 10, got %s",
        spec.maxSentenceLength());
    Checks.argument(
        spec.inputSentenceSize() <= 0 || spec.inputSentenceSize() > 100,
        "input_sentence_size must be 0 (all) or above 100, got %s",
        spec.inputSentenceSize());
    Checks.argument(
        normalizerSpec.escapeWhitespaces(), "BPE training needs escape_whitespaces=true");
    MetaPieces.of(spec); // fails early on clashing special ids
  }

  /**
   * @param lines UTF-8 training lines, without newlines
   * @param source names the input in error messages
   */
  public ModelProto train(Iterator<byte[]> lines, String source) {
    SortedMap<Integer, Piece> meta = MetaPieces.of(spec);
    List<String> metaTexts = meta.values().stream().map(Piece::piece).toList();
    TrainingCorpus corpus = TrainingCorpus.load(lines, spec, normalizerSpec, metaTexts, source);
    List<TrainingCorpus.Weighted> words =
        spec.splitByWhitespace() ? corpus.words(spec) : corpus.sentences();
    Map<Integer, Long> required = corpus.requiredChars();
    int merges = spec.vocabSize() - meta.size() - required.size();
    List<String> merged =
        new BpeMergeLearner(words, required, new PieceValidator(spec)).learn(merges);

    List<Piece> learned = new ArrayList<>(merged.size() + required.size());
    for (String piece : merged) {
      learned.add(new Piece(piece, -(float) learned.size(), PieceType.NORMAL));
    }
    List<Map.Entry<Integer, Long>> chars = new ArrayList<>(required.entrySet());
    chars.sort(
        Comparator.comparingLong((Map.Entry<Integer, Long> e) -> -e.getValue())
            .thenComparing(Map.Entry::getKey));
    for (Map.Entry<Integer, Long> c : chars) {
      learned.add(
          new Piece(
              new String(Character.toChars(c.getKey())),
              -(float) learned.size(),
              PieceType.NORMAL));
    }
    return ModelAssembler.assemble(spec, normalizerSpec, meta, learned);
  }
}

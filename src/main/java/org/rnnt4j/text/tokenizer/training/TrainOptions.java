package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.proto.ModelType;
import org.rnnt4j.text.tokenizer.proto.NormalizationRule;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * The options of NeMo's {@code process_asr_text_tokenizer.py --tokenizer=spe --spe_type=bpe}, which
 * {@link TokenizerTrainer} turns into the {@code spm_train} flags NeMo's {@code create_spt_model}
 * passes.
 *
 * @param vocabSize {@code --vocab_size}; with NeMo's {@code hard_vocab_limit=false} a small corpus
 *     may give fewer pieces
 * @param lowerCase NeMo's default {@code lower_case}: normalise with {@code nmt_nfkc_cf} instead of
 *     {@code nmt_nfkc}
 * @param characterCoverage {@code --spe_character_coverage}, in [0.98, 1.0]
 * @param byteFallback {@code --spe_byte_fallback}: spell unknown characters as byte pieces
 * @param removeExtraWhitespaces {@code --spe_remove_extra_whitespaces} (NeMo's default: false)
 * @param maxSentencepieceLength {@code --spe_max_sentencepiece_length}; -1 leaves SentencePiece's
 *     16
 * @param splitDigits {@code --spe_split_digits}
 * @param splitByUnicodeScript false for {@code --spe_no_split_by_unicode_script}
 * @param splitByWhitespace SentencePiece's {@code split_by_whitespace} (NeMo's default: true)
 * @param sampleSize {@code --spe_sample_size}; -1 uses every sentence. A sample is drawn with this
 *     library's seeded reservoir, not SentencePiece's, so it differs from spm's sample
 */
public record TrainOptions(
    int vocabSize,
    boolean lowerCase,
    float characterCoverage,
    boolean byteFallback,
    boolean removeExtraWhitespaces,
    int maxSentencepieceLength,
    boolean splitDigits,
    boolean splitByUnicodeScript,
    boolean splitByWhitespace,
    long sampleSize) {
  public TrainOptions {
    Checks.argument(vocabSize > 0, "vocabSize must be positive, got %s", vocabSize);
    Checks.argument(
        characterCoverage >= 0.98f && characterCoverage <= 1.0f,
        "characterCoverage must be in [0.98, 1.0], got %s",
        characterCoverage);
    Checks.argument(
        maxSentencepieceLength == -1
            || (maxSentencepieceLength >= 1 && maxSentencepieceLength <= 512),
        "maxSentencepieceLength must be -1 (SentencePiece's default 16) or in [1, 512], got %s",
        maxSentencepieceLength);
    Checks.argument(
        sampleSize == -1 || sampleSize > 100,
        "sampleSize must be -1 (all sentences) or above 100, got %s",
        sampleSize);
  }

  /** NeMo's defaults: lower case, coverage 1.0, no byte fallback, extra whitespace kept. */
  public static TrainOptions defaults(int vocabSize) {
    return new TrainOptions(vocabSize, true, 1.0f, false, false, -1, false, true, true, -1);
  }

  public TrainOptions withLowerCase(boolean value) {
    return new TrainOptions(
        vocabSize,
        value,
        characterCoverage,
        byteFallback,
        removeExtraWhitespaces,
        maxSentencepieceLength,
        splitDigits,
        splitByUnicodeScript,
        splitByWhitespace,
        sampleSize);
  }

  public TrainOptions withCharacterCoverage(float value) {
    return new TrainOptions(
        vocabSize,
        lowerCase,
        value,
        byteFallback,
        removeExtraWhitespaces,
        maxSentencepieceLength,
        splitDigits,
        splitByUnicodeScript,
        splitByWhitespace,
        sampleSize);
  }

  public TrainOptions withByteFallback(boolean value) {
    return new TrainOptions(
        vocabSize,
        lowerCase,
        characterCoverage,
        value,
        removeExtraWhitespaces,
        maxSentencepieceLength,
        splitDigits,
        splitByUnicodeScript,
        splitByWhitespace,
        sampleSize);
  }

  public TrainOptions withRemoveExtraWhitespaces(boolean value) {
    return new TrainOptions(
        vocabSize,
        lowerCase,
        characterCoverage,
        byteFallback,
        value,
        maxSentencepieceLength,
        splitDigits,
        splitByUnicodeScript,
        splitByWhitespace,
        sampleSize);
  }

  public TrainOptions withMaxSentencepieceLength(int value) {
    return new TrainOptions(
        vocabSize,
        lowerCase,
        characterCoverage,
        byteFallback,
        removeExtraWhitespaces,
        value,
        splitDigits,
        splitByUnicodeScript,
        splitByWhitespace,
        sampleSize);
  }

  /**
   * NeMo's directory name: {@code tokenizer_spe_bpe_v{N}}, plus {@code _max_{L}} with a length
   * limit.
   */
  public String directoryName() {
    String name = "tokenizer_spe_bpe_v" + vocabSize;
    return maxSentencepieceLength > 0 ? name + "_max_" + maxSentencepieceLength : name;
  }

  /**
   * The specs {@code spm_train} gets from NeMo's {@code create_spt_model} command line for these
   * options; only the flags NeMo passes are set, so the model records exactly those.
   *
   * @param inputs recorded as {@code --input} (empty for in-memory text)
   * @param modelPrefix recorded as {@code --model_prefix}
   */
  public SpmTrainFlags toSpmFlags(List<String> inputs, String modelPrefix) {
    TrainerSpec t = TrainerSpec.defaults();
    if (!inputs.isEmpty()) {
      t = t.withInput(inputs);
    }
    t =
        t.withModelPrefix(modelPrefix)
            .withVocabSize(vocabSize)
            .withShuffleInputSentence(true)
            .withHardVocabLimit(false)
            .withModelType(ModelType.BPE)
            .withCharacterCoverage(characterCoverage)
            .withBosId(-1)
            .withEosId(-1);
    if (sampleSize > 0) {
      t = t.withInputSentenceSize(sampleSize);
    }
    if (maxSentencepieceLength >= 0) {
      t = t.withMaxSentencepieceLength(maxSentencepieceLength);
    }
    if (byteFallback) {
      t = t.withByteFallback(true);
    }
    if (splitDigits) {
      t = t.withSplitDigits(true);
    }
    if (!splitByWhitespace) {
      t = t.withSplitByWhitespace(false);
    }
    if (!splitByUnicodeScript) {
      t = t.withSplitByUnicodeScript(false);
    }
    NormalizerSpec n =
        NormalizerSpec.of(lowerCase ? NormalizationRule.NMT_NFKC_CF : NormalizationRule.NMT_NFKC);
    if (!removeExtraWhitespaces) {
      n = n.withRemoveExtraWhitespaces(false);
    }
    return new SpmTrainFlags(t, n);
  }
}

package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.proto.ModelType;
import org.rnnt4j.text.tokenizer.proto.NormalizationRule;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rnnt4j.util.Checks;

/**
 * Parses a {@code spm_train} command line ({@code --key=value} separated by spaces, as {@code
 * SentencePieceTrainer::MergeSpecsFromArgs}) into the trainer and normalizer specs, for the flags
 * NeMo's {@code create_spt_model} and the reference fixtures use. Flags outside that set are
 * rejected rather than silently ignored.
 */
public record SpmTrainFlags(TrainerSpec trainerSpec, NormalizerSpec normalizerSpec) {
  public SpmTrainFlags {
    Checks.notNull(trainerSpec, "trainerSpec");
    Checks.notNull(normalizerSpec, "normalizerSpec");
  }

  /**
   * @throws IllegalArgumentException for an unknown flag or a malformed value
   */
  public static SpmTrainFlags parse(String commandLine) {
    TrainerSpec t = TrainerSpec.defaults();
    String ruleName = NormalizationRule.NMT_NFKC.ruleName();
    Boolean removeExtraWhitespaces = null;
    Boolean addDummyPrefix = null;
    for (String arg : commandLine.trim().split(" +")) {
      if (arg.isEmpty()) {
        continue;
      }
      String kv = arg.startsWith("--") ? arg.substring(2) : arg;
      int eq = kv.indexOf('=');
      String key = eq < 0 ? kv : kv.substring(0, eq);
      String value = eq < 0 ? "" : kv.substring(eq + 1);
      switch (key) {
        case "input" -> t = t.withInput(Arrays.asList(value.split(",")));
        case "model_prefix" -> t = t.withModelPrefix(value);
        case "model_type" -> t = t.withModelType(modelType(value));
        case "vocab_size" -> t = t.withVocabSize(integer(key, value));
        case "character_coverage" -> t = t.withCharacterCoverage(floating(key, value));
        case "input_sentence_size" -> t = t.withInputSentenceSize(integer(key, value));
        case "shuffle_input_sentence" -> t = t.withShuffleInputSentence(bool(key, value));
        case "hard_vocab_limit" -> t = t.withHardVocabLimit(bool(key, value));
        case "max_sentencepiece_length" -> t = t.withMaxSentencepieceLength(integer(key, value));
        case "split_by_unicode_script" -> t = t.withSplitByUnicodeScript(bool(key, value));
        case "split_by_whitespace" -> t = t.withSplitByWhitespace(bool(key, value));
        case "split_digits" -> t = t.withSplitDigits(bool(key, value));
        case "byte_fallback" -> t = t.withByteFallback(bool(key, value));
        case "bos_id" -> t = t.withBosId(integer(key, value));
        case "eos_id" -> t = t.withEosId(integer(key, value));
        case "pad_id" -> t = t.withPadId(integer(key, value));
        case "control_symbols" -> t = t.withControlSymbols(list(value));
        case "user_defined_symbols" -> t = t.withUserDefinedSymbols(list(value));
        case "num_threads" -> t = t.withNumThreads(integer(key, value));
        case "seed_sentencepiece_size" -> t = t.withSeedSentencepieceSize(integer(key, value));
        case "train_extremely_large_corpus" ->
            t = t.withTrainExtremelyLargeCorpus(bool(key, value));
        case "normalization_rule_name" -> ruleName = value;
        case "remove_extra_whitespaces" -> removeExtraWhitespaces = bool(key, value);
        case "add_dummy_prefix" -> addDummyPrefix = bool(key, value);
        default ->
            throw new IllegalArgumentException(
                "unsupported spm_train flag --"
                    + key
                    + "; supported: input, model_prefix, model_type, vocab_size,"
                    + " character_coverage, input_sentence_size, shuffle_input_sentence,"
                    + " hard_vocab_limit, max_sentencepiece_length, split_by_unicode_script,"
                    + " split_by_whitespace, split_digits, byte_fallback, bos_id, eos_id, pad_id,"
                    + " control_symbols, user_defined_symbols, num_threads,"
                    + " seed_sentencepiece_size, train_extremely_large_corpus,"
                    + " normalization_rule_name, remove_extra_whitespaces, add_dummy_prefix");
      }
    }
    NormalizerSpec n = NormalizerSpec.of(rule(ruleName));
    if (removeExtraWhitespaces != null) {
      n = n.withRemoveExtraWhitespaces(removeExtraWhitespaces);
    }
    if (addDummyPrefix != null) {
      n = n.withAddDummyPrefix(addDummyPrefix);
    }
    return new SpmTrainFlags(t, n);
  }

  private static NormalizationRule rule(String name) {
    for (NormalizationRule r : NormalizationRule.values()) {
      if (r.ruleName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unsupported --normalization_rule_name="
            + name
            + "; expected nmt_nfkc, nmt_nfkc_cf or identity");
  }

  private static ModelType modelType(String value) {
    try {
      return ModelType.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--model_type=" + value + " is not one of unigram, bpe, word, char", e);
    }
  }

  private static List<String> list(String value) {
    return value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + "=" + value + " is not an integer", e);
    }
  }

  private static float floating(String key, String value) {
    try {
      return Float.parseFloat(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + "=" + value + " is not a number", e);
    }
  }

  private static boolean bool(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "true", "1", "t", "yes", "y" -> true;
      case "false", "0", "f", "no", "n" -> false;
      default -> throw new IllegalArgumentException("--" + key + "=" + value + " is not a boolean");
    };
  }
}

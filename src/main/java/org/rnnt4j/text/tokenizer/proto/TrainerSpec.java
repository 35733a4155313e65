package org.rnnt4j.text.tokenizer.proto;

import java.util.List;

/**
 * A typed, immutable view of SentencePiece's {@code TrainerSpec} message: the {@code spm_train}
 * flags a model was trained with. Getters return the proto2 default when a field is not set; {@code
 * with…} methods return a copy with the field set. Fields this class does not name are kept
 * unchanged, so a spec read from a model file is written back as it was.
 */
public final class TrainerSpec {
  static final int INPUT = 1;
  static final int MODEL_PREFIX = 2;
  static final int MODEL_TYPE = 3;
  static final int VOCAB_SIZE = 4;
  static final int CHARACTER_COVERAGE = 10;
  static final int INPUT_SENTENCE_SIZE = 11;
  static final int SHUFFLE_INPUT_SENTENCE = 19;
  static final int MAX_SENTENCE_LENGTH = 18;
  static final int NUM_THREADS = 16;
  static final int SEED_SENTENCEPIECE_SIZE = 14;
  static final int TRAIN_EXTREMELY_LARGE_CORPUS = 49;
  static final int MAX_SENTENCEPIECE_LENGTH = 20;
  static final int SPLIT_BY_UNICODE_SCRIPT = 21;
  static final int SPLIT_BY_WHITESPACE = 22;
  public static final int SPLIT_BY_NUMBER = 23;
  static final int TREAT_WHITESPACE_AS_SUFFIX = 24;
  static final int SPLIT_DIGITS = 25;
  static final int ALLOW_WHITESPACE_ONLY_PIECES = 26;
  static final int CONTROL_SYMBOLS = 30;
  static final int USER_DEFINED_SYMBOLS = 31;
  static final int VOCABULARY_OUTPUT_PIECE_SCORE = 32;
  static final int HARD_VOCAB_LIMIT = 33;
  static final int USE_ALL_VOCAB = 34;
  static final int BYTE_FALLBACK = 35;
  static final int REQUIRED_CHARS = 36;
  static final int UNK_ID = 40;
  static final int BOS_ID = 41;
  static final int EOS_ID = 42;
  static final int PAD_ID = 43;
  static final int UNK_SURFACE = 44;
  static final int UNK_PIECE = 45;
  static final int BOS_PIECE = 46;
  static final int EOS_PIECE = 47;
  static final int PAD_PIECE = 48;

  /** What {@code spm_decode} prints for {@code <unk>} when the spec sets no unk_surface: " ⁇ ". */
  static final String DEFAULT_UNK_SURFACE = " \u2047 ";

  private final ProtoFields fields;

  public TrainerSpec(ProtoFields fields) {
    this.fields = fields;
  }

  /** A spec with no field set: every getter returns SentencePiece's default. */
  public static TrainerSpec defaults() {
    return new TrainerSpec(ProtoFields.empty());
  }

  ProtoFields fields() {
    return fields;
  }

  public List<String> input() {
    return fields.repeatedBytes(INPUT).stream().map(b -> b.toStringUtf8()).toList();
  }

  public String modelPrefix() {
    return fields.string(MODEL_PREFIX, "");
  }

  /** The model type, or null when the file holds a value SentencePiece does not define. */
  public ModelType modelType() {
    return ModelType.fromNumber(fields.int32(MODEL_TYPE, ModelType.UNIGRAM.number()));
  }

  public int modelTypeNumber() {
    return fields.int32(MODEL_TYPE, ModelType.UNIGRAM.number());
  }

  public int vocabSize() {
    return fields.int32(VOCAB_SIZE, 8000);
  }

  public float characterCoverage() {
    return fields.float32(CHARACTER_COVERAGE, 0.9995f);
  }

  public long inputSentenceSize() {
    return fields.varint(INPUT_SENTENCE_SIZE, 0);
  }

  public boolean shuffleInputSentence() {
    return fields.bool(SHUFFLE_INPUT_SENTENCE, true);
  }

  public int maxSentenceLength() {
    return fields.int32(MAX_SENTENCE_LENGTH, 4192);
  }

  public int maxSentencepieceLength() {
    return fields.int32(MAX_SENTENCEPIECE_LENGTH, 16);
  }

  public boolean splitByUnicodeScript() {
    return fields.bool(SPLIT_BY_UNICODE_SCRIPT, true);
  }

  public boolean splitByWhitespace() {
    return fields.bool(SPLIT_BY_WHITESPACE, true);
  }

  public boolean splitByNumber() {
    return fields.bool(SPLIT_BY_NUMBER, true);
  }

  public boolean treatWhitespaceAsSuffix() {
    return fields.bool(TREAT_WHITESPACE_AS_SUFFIX, false);
  }

  public boolean splitDigits() {
    return fields.bool(SPLIT_DIGITS, false);
  }

  public boolean allowWhitespaceOnlyPieces() {
    return fields.bool(ALLOW_WHITESPACE_ONLY_PIECES, false);
  }

  public List<String> controlSymbols() {
    return fields.repeatedBytes(CONTROL_SYMBOLS).stream().map(b -> b.toStringUtf8()).toList();
  }

  public List<String> userDefinedSymbols() {
    return fields.repeatedBytes(USER_DEFINED_SYMBOLS).stream().map(b -> b.toStringUtf8()).toList();
  }

  public String requiredChars() {
    return fields.string(REQUIRED_CHARS, "");
  }

  /** Whether {@code .vocab} lines carry the score column. */
  public boolean vocabularyOutputPieceScore() {
    return fields.bool(VOCABULARY_OUTPUT_PIECE_SCORE, true);
  }

  public boolean hardVocabLimit() {
    return fields.bool(HARD_VOCAB_LIMIT, true);
  }

  public boolean useAllVocab() {
    return fields.bool(USE_ALL_VOCAB, false);
  }

  public boolean byteFallback() {
    return fields.bool(BYTE_FALLBACK, false);
  }

  public int unkId() {
    return fields.int32(UNK_ID, 0);
  }

  public int bosId() {
    return fields.int32(BOS_ID, 1);
  }

  public int eosId() {
    return fields.int32(EOS_ID, 2);
  }

  public int padId() {
    return fields.int32(PAD_ID, -1);
  }

  /** The unk piece; an empty string in the file means the default, as in {@code ModelInterface}. */
  public String unkPiece() {
    return nonEmpty(fields.string(UNK_PIECE, ""), "<unk>");
  }

  public String bosPiece() {
    return nonEmpty(fields.string(BOS_PIECE, ""), "<s>");
  }

  public String eosPiece() {
    return nonEmpty(fields.string(EOS_PIECE, ""), "</s>");
  }

  public String padPiece() {
    return nonEmpty(fields.string(PAD_PIECE, ""), "<pad>");
  }

  /** The text {@code <unk>} decodes to: the field when set (even empty), else " ⁇ ". */
  public String unkSurface() {
    return fields.string(UNK_SURFACE, DEFAULT_UNK_SURFACE);
  }

  private static String nonEmpty(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  public TrainerSpec withInput(List<String> files) {
    return new TrainerSpec(fields.withStrings(INPUT, files));
  }

  public TrainerSpec withModelPrefix(String prefix) {
    return new TrainerSpec(fields.withString(MODEL_PREFIX, prefix));
  }

  public TrainerSpec withModelType(ModelType type) {
    return new TrainerSpec(fields.withVarint(MODEL_TYPE, type.number()));
  }

  public TrainerSpec withVocabSize(int size) {
    return new TrainerSpec(fields.withVarint(VOCAB_SIZE, size));
  }

  public TrainerSpec withCharacterCoverage(float coverage) {
    return new TrainerSpec(fields.withFloat(CHARACTER_COVERAGE, coverage));
  }

  public TrainerSpec withInputSentenceSize(long size) {
    return new TrainerSpec(fields.withVarint(INPUT_SENTENCE_SIZE, size));
  }

  public TrainerSpec withShuffleInputSentence(boolean shuffle) {
    return new TrainerSpec(fields.withBool(SHUFFLE_INPUT_SENTENCE, shuffle));
  }

  public TrainerSpec withMaxSentencepieceLength(int length) {
    return new TrainerSpec(fields.withVarint(MAX_SENTENCEPIECE_LENGTH, length));
  }

  public TrainerSpec withSplitByUnicodeScript(boolean split) {
    return new TrainerSpec(fields.withBool(SPLIT_BY_UNICODE_SCRIPT, split));
  }

  public TrainerSpec withSplitByWhitespace(boolean split) {
    return new TrainerSpec(fields.withBool(SPLIT_BY_WHITESPACE, split));
  }

  public TrainerSpec withSplitDigits(boolean split) {
    return new TrainerSpec(fields.withBool(SPLIT_DIGITS, split));
  }

  public TrainerSpec withControlSymbols(List<String> symbols) {
    return new TrainerSpec(fields.withStrings(CONTROL_SYMBOLS, symbols));
  }

  public TrainerSpec withUserDefinedSymbols(List<String> symbols) {
    return new TrainerSpec(fields.withStrings(USER_DEFINED_SYMBOLS, symbols));
  }

  public TrainerSpec withHardVocabLimit(boolean hard) {
    return new TrainerSpec(fields.withBool(HARD_VOCAB_LIMIT, hard));
  }

  public TrainerSpec withByteFallback(boolean byteFallback) {
    return new TrainerSpec(fields.withBool(BYTE_FALLBACK, byteFallback));
  }

  public TrainerSpec withBosId(int id) {
    return new TrainerSpec(fields.withVarint(BOS_ID, id));
  }

  public TrainerSpec withEosId(int id) {
    return new TrainerSpec(fields.withVarint(EOS_ID, id));
  }

  public TrainerSpec withPadId(int id) {
    return new TrainerSpec(fields.withVarint(PAD_ID, id));
  }

  public TrainerSpec withNumThreads(int threads) {
    return new TrainerSpec(fields.withVarint(NUM_THREADS, threads));
  }

  /** Recorded only: the unigram seed size; BPE training does not use it. */
  public TrainerSpec withSeedSentencepieceSize(int size) {
    return new TrainerSpec(fields.withVarint(SEED_SENTENCEPIECE_SIZE, size));
  }

  /** Recorded only: it changes memory layout in the C++ trainer, not the result. */
  public TrainerSpec withTrainExtremelyLargeCorpus(boolean large) {
    return new TrainerSpec(fields.withBool(TRAIN_EXTREMELY_LARGE_CORPUS, large));
  }

  /**
   * Serialized {@code TrainerSpec} bytes, fields in number order as the C++ library writes them.
   */
  public byte[] toByteArray() {
    return fields.toByteString().toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainerSpec other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "TrainerSpec[type="
        + modelType()
        + ", vocabSize="
        + vocabSize()
        + ", byteFallback="
        + byteFallback()
        + "]";
  }
}

package org.rnnt4j.text.tokenizer.proto;

import com.google.protobuf.ByteString;

/**
 * A typed, immutable view of SentencePiece's {@code NormalizerSpec} message: the rule name, the
 * precompiled character map (a Darts double-array trie plus replacement strings) and the three
 * whitespace switches. Getters return proto2 defaults for unset fields; unnamed fields are kept.
 */
public final class NormalizerSpec {
  static final int NAME = 1;
  static final int PRECOMPILED_CHARSMAP = 2;
  static final int ADD_DUMMY_PREFIX = 3;
  static final int REMOVE_EXTRA_WHITESPACES = 4;
  static final int ESCAPE_WHITESPACES = 5;
  static final int NORMALIZATION_RULE_TSV = 6;

  private final ProtoFields fields;

  NormalizerSpec(ProtoFields fields) {
    this.fields = fields;
  }

  /** A spec with no field set (no character map, all three whitespace switches on). */
  public static NormalizerSpec defaults() {
    return new NormalizerSpec(ProtoFields.empty());
  }

  /** The spec {@code spm_train --normalization_rule_name=NAME} starts from: name plus its map. */
  public static NormalizerSpec of(NormalizationRule rule) {
    return defaults().withName(rule.ruleName()).withPrecompiledCharsmap(rule.charsmap());
  }

  ProtoFields fields() {
    return fields;
  }

  public String name() {
    return fields.string(NAME, "");
  }

  /** The precompiled map's bytes; empty when the spec has none (identity normalisation). */
  public byte[] precompiledCharsmap() {
    return fields.bytes(PRECOMPILED_CHARSMAP, ByteString.EMPTY).toByteArray();
  }

  public boolean addDummyPrefix() {
    return fields.bool(ADD_DUMMY_PREFIX, true);
  }

  public boolean removeExtraWhitespaces() {
    return fields.bool(REMOVE_EXTRA_WHITESPACES, true);
  }

  public boolean escapeWhitespaces() {
    return fields.bool(ESCAPE_WHITESPACES, true);
  }

  public String normalizationRuleTsv() {
    return fields.string(NORMALIZATION_RULE_TSV, "");
  }

  public NormalizerSpec withName(String name) {
    return new NormalizerSpec(fields.withString(NAME, name));
  }

  public NormalizerSpec withPrecompiledCharsmap(byte[] charsmap) {
    return new NormalizerSpec(
        fields.withBytes(PRECOMPILED_CHARSMAP, ByteString.copyFrom(charsmap)));
  }

  public NormalizerSpec withAddDummyPrefix(boolean add) {
    return new NormalizerSpec(fields.withBool(ADD_DUMMY_PREFIX, add));
  }

  public NormalizerSpec withRemoveExtraWhitespaces(boolean remove) {
    return new NormalizerSpec(fields.withBool(REMOVE_EXTRA_WHITESPACES, remove));
  }

  public NormalizerSpec withEscapeWhitespaces(boolean escape) {
    return new NormalizerSpec(fields.withBool(ESCAPE_WHITESPACES, escape));
  }

  /** Serialized {@code NormalizerSpec} bytes, fields in number order. */
  public byte[] toByteArray() {
    return fields.toByteString().toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NormalizerSpec other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return "NormalizerSpec[name="
        + name()
        + ", addDummyPrefix="
        + addDummyPrefix()
        + ", removeExtraWhitespaces="
        + removeExtraWhitespaces()
        + ", escapeWhitespaces="
        + escapeWhitespaces()
        + "]";
  }
}

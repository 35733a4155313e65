package org.rnnt4j.text.tokenizer.proto;

import java.util.List;
import java.util.Optional;
import org.rnnt4j.util.Checks;

/**
 * The content of a SentencePiece {@code .model} file ({@code sentencepiece.ModelProto}): the
 * vocabulary in id order, the trainer and normalizer specs, and an optional denormalizer spec.
 * Fields this class does not interpret (self-test data, extensions, unknown fields) are kept and
 * written back.
 *
 * <p>Read with {@link ModelProtoReader}, written with {@link ModelProtoWriter}.
 */
public final class ModelProto {
  static final int PIECES = 1;
  static final int TRAINER_SPEC = 2;
  static final int NORMALIZER_SPEC = 3;
  static final int DENORMALIZER_SPEC = 5;

  private final List<Piece> pieces;
  private final TrainerSpec trainerSpec;
  private final NormalizerSpec normalizerSpec;
  private final NormalizerSpec denormalizerSpec;
  private final ProtoFields otherFields;

  /** A model with the given vocabulary and specs, no denormalizer and no other field. */
  public ModelProto(List<Piece> pieces, TrainerSpec trainerSpec, NormalizerSpec normalizerSpec) {
    this(pieces, trainerSpec, normalizerSpec, null, ProtoFields.empty());
  }

  /**
   * @param trainerSpec null when the file has no trainer_spec field (then {@link #trainerSpec()}
   *     gives the defaults and nothing is written)
   * @param normalizerSpec null when the file has no normalizer_spec field
   * @param denormalizerSpec null when absent
   */
  ModelProto(
      List<Piece> pieces,
      TrainerSpec trainerSpec,
      NormalizerSpec normalizerSpec,
      NormalizerSpec denormalizerSpec,
      ProtoFields otherFields) {
    this.pieces = List.copyOf(Checks.notNull(pieces, "pieces"));
    this.trainerSpec = trainerSpec;
    this.normalizerSpec = normalizerSpec;
    this.denormalizerSpec = denormalizerSpec;
    this.otherFields = Checks.notNull(otherFields, "otherFields");
  }

  /** The vocabulary; the index of a piece is its id. */
  public List<Piece> pieces() {
    return pieces;
  }

  public TrainerSpec trainerSpec() {
    return trainerSpec != null ? trainerSpec : TrainerSpec.defaults();
  }

  public NormalizerSpec normalizerSpec() {
    return normalizerSpec != null ? normalizerSpec : NormalizerSpec.defaults();
  }

  public Optional<NormalizerSpec> denormalizerSpec() {
    return Optional.ofNullable(denormalizerSpec);
  }

  boolean hasTrainerSpec() {
    return trainerSpec != null;
  }

  boolean hasNormalizerSpec() {
    return normalizerSpec != null;
  }

  ProtoFields otherFields() {
    return otherFields;
  }

  /** A copy with another trainer spec (other fields unchanged). */
  public ModelProto withTrainerSpec(TrainerSpec spec) {
    return new ModelProto(pieces, spec, normalizerSpec, denormalizerSpec, otherFields);
  }

  /** A copy with another normalizer spec (other fields unchanged). */
  public ModelProto withNormalizerSpec(NormalizerSpec spec) {
    return new ModelProto(pieces, trainerSpec, spec, denormalizerSpec, otherFields);
  }
}

package org.rnnt4j.text.tokenizer.proto;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.FormatException;

/**
 * Reads a SentencePiece {@code .model} file (a serialized {@code ModelProto}) by hand from the
 * protobuf wire format, with the field numbers of {@code sentencepiece_model.proto}. Bad files fail
 * with a {@link FormatException} naming the file and, for a bad piece, its id.
 */
public final class ModelProtoReader {
  private static final int PIECE_TEXT = 1;
  private static final int PIECE_SCORE = 2;
  private static final int PIECE_TYPE = 3;

  private ModelProtoReader() {}

  public static ModelProto read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new FormatException(
          file.toString(), "cannot read SentencePiece model: " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  public static ModelProto read(InputStream in, String source) {
    try {
      return parse(in.readAllBytes(), source);
    } catch (IOException e) {
      throw new FormatException(source, "cannot read SentencePiece model: " + e.getMessage(), e);
    }
  }

  /**
   * @param source names the file in error messages
   */
  public static ModelProto parse(byte[] bytes, String source) {
    ProtoFields top = ProtoFields.parse(ByteString.copyFrom(bytes), source);
    List<Piece> pieces = new ArrayList<>();
    for (ByteString raw : top.repeatedBytes(ModelProto.PIECES)) {
      pieces.add(parsePiece(raw, pieces.size(), source));
    }
    if (pieces.isEmpty()) {
      throw new FormatException(
          source, "not a SentencePiece model: it has no pieces (field 1 of ModelProto)");
    }
    ByteString trainer = top.bytes(ModelProto.TRAINER_SPEC, null);
    ByteString normalizer = top.bytes(ModelProto.NORMALIZER_SPEC, null);
    ByteString denormalizer = top.bytes(ModelProto.DENORMALIZER_SPEC, null);
    ProtoFields other =
        top.without(ModelProto.PIECES)
            .without(ModelProto.TRAINER_SPEC)
            .without(ModelProto.NORMALIZER_SPEC)
            .without(ModelProto.DENORMALIZER_SPEC);
    return new ModelProto(
        pieces,
        trainer == null
            ? null
            : new TrainerSpec(ProtoFields.parse(trainer, source + " trainer_spec")),
        normalizer == null
            ? null
            : new NormalizerSpec(ProtoFields.parse(normalizer, source + " normalizer_spec")),
        denormalizer == null
            ? null
            : new NormalizerSpec(ProtoFields.parse(denormalizer, source + " denormalizer_spec")),
        other);
  }

  private static Piece parsePiece(ByteString raw, int id, String source) {
    ProtoFields f = ProtoFields.parse(raw, source + " piece " + id);
    String text = f.string(PIECE_TEXT, "");
    if (text.isEmpty()) {
      throw new FormatException(
          source, "piece " + id + " is empty; SentencePiece requires a non-empty piece");
    }
    int typeNumber = f.int32(PIECE_TYPE, PieceType.NORMAL.number());
    PieceType type = PieceType.fromNumber(typeNumber);
    if (type == null) {
      throw new FormatException(
          source,
          "piece "
              + id
              + " '"
              + text
              + "' has type "
              + typeNumber
              + ", expected 1..6 (NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE)");
    }
    return new Piece(text, f.float32(PIECE_SCORE, 0f), type);
  }
}

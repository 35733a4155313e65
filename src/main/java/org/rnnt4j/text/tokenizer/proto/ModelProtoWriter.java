package org.rnnt4j.text.tokenizer.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.WireFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.AtomicFiles;

/**
 * Writes a {@link ModelProto} as the protobuf bytes of SentencePiece's {@code ModelProto}, fields
 * in number order like the C++ library, so that {@code sentencepiece} (and NeMo) load the result
 * and a model written by {@code spm_train} is reproduced byte for byte.
 *
 * <p>A piece is written as text, score (always, as {@code spm_train} sets it) and type (only when
 * not NORMAL, as {@code spm_train} leaves it unset for ordinary pieces).
 */
public final class ModelProtoWriter {
  private static final int PIECE_TEXT = 1;
  private static final int PIECE_SCORE = 2;
  private static final int PIECE_TYPE = 3;

  private ModelProtoWriter() {}

  public static byte[] toBytes(ModelProto model) {
    List<ByteString> pieces = new ArrayList<>(model.pieces().size());
    for (Piece p : model.pieces()) {
      ProtoFields f =
          ProtoFields.empty().withString(PIECE_TEXT, p.piece()).withFloat(PIECE_SCORE, p.score());
      if (p.type() != PieceType.NORMAL) {
        f = f.withVarint(PIECE_TYPE, p.type().number());
      }
      pieces.add(f.toByteString());
    }
    ProtoFields top =
        model.otherFields().with(ModelProto.PIECES, WireFormat.WIRETYPE_LENGTH_DELIMITED, pieces);
    if (model.hasTrainerSpec()) {
      top = top.withBytes(ModelProto.TRAINER_SPEC, model.trainerSpec().fields().toByteString());
    }
    if (model.hasNormalizerSpec()) {
      top =
          top.withBytes(ModelProto.NORMALIZER_SPEC, model.normalizerSpec().fields().toByteString());
    }
    if (model.denormalizerSpec().isPresent()) {
      top =
          top.withBytes(
              ModelProto.DENORMALIZER_SPEC, model.denormalizerSpec().get().fields().toByteString());
    }
    return top.toByteString().toByteArray();
  }

  /** Writes the model atomically (temporary file, fsync, rename). */
  public static void write(ModelProto model, Path file) {
    AtomicFiles.writeBytes(file, toBytes(model));
  }
}

package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.normalize.Normalizer;
import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.ModelProtoReader;
import org.rnnt4j.text.tokenizer.proto.ModelProtoWriter;
import org.rnnt4j.text.tokenizer.proto.ModelType;
import org.rnnt4j.text.tokenizer.proto.PieceType;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;

/**
 * A loaded SentencePiece model that encodes and decodes exactly as Google's sentencepiece 0.1.97
 * {@code SentencePieceProcessor} (the library NeMo's {@code SentencePieceTokenizer} wraps):
 * normalise, segment with BPE or unigram, then spell unknown characters as byte pieces (byte
 * fallback) or merge runs of them into one {@code <unk>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SentencePieceModel {
  private final ModelProto proto;
  private final PieceTable table;
  private final Normalizer normalizer;
  private final Segmenter segmenter;
  private final PieceDecoder decoder;

  private SentencePieceModel(ModelProto proto, String source) {
    this.proto = proto;
    TrainerSpec trainer = proto.trainerSpec();
    this.table = new PieceTable(proto.pieces(), trainer.byteFallback(), source);
    ModelType type = trainer.modelType();
    if (type == ModelType.BPE) {
      this.segmenter = new BpeSegmenter(table);
    } else if (type == ModelType.UNIGRAM) {
      this.segmenter = new UnigramSegmenter(table);
    } else {
      throw new FormatException(
          source,
          "model_type "
              + (type == null ? trainer.modelTypeNumber() : type)
              + " is not supported; expected BPE or UNIGRAM");
    }
    try {
      this.normalizer =
          new Normalizer(
              proto.normalizerSpec(),
              trainer.treatWhitespaceAsSuffix(),
              table.userDefinedSymbols());
      Normalizer denormalizer =
          proto
              .denormalizerSpec()
              .filter(d -> d.precompiledCharsmap().length > 0)
              .map(d -> new Normalizer(d, false, List.of()))
              .orElse(null);
      this.decoder =
          new PieceDecoder(table, proto.normalizerSpec(), trainer.unkSurface(), denormalizer);
    } catch (IllegalArgumentException e) {
      throw new FormatException(source, e.getMessage(), e);
    }
  }

  /** Loads a {@code .model} file. */
  public static SentencePieceModel load(Path file) {
    return new SentencePieceModel(ModelProtoReader.read(file), file.toString());
  }

  /**
   * @param source names the model in error messages
   */
  public static SentencePieceModel fromBytes(byte[] bytes, String source) {
    return new SentencePieceModel(ModelProtoReader.parse(bytes, source), source);
  }

  public static SentencePieceModel of(ModelProto proto, String source) {
    return new SentencePieceModel(proto, source);
  }

  public ModelProto proto() {
    return proto;
  }

  /** The number of pieces (ids are {@code 0 .. size()-1}). */
  public int size() {
    return table.size();
  }

  public String idToPiece(int id) {
    checkId(id);
    return table.piece(id).piece();
  }

  /** The id of a piece, or {@link #unkId()} when the vocabulary does not hold it. */
  public int pieceToId(String piece) {
    return table.pieceToId(Checks.notNull(piece, "piece"));
  }

  public float score(int id) {
    checkId(id);
    return table.piece(id).score();
  }

  public PieceType type(int id) {
    checkId(id);
    return table.type(id);
  }

  public int unkId() {
    return table.unkId();
  }

  /**
   * The id of {@code <s>}, or -1 when the model has none ({@code SentencePieceProcessor::bos_id}).
   */
  public int bosId() {
    return controlId(proto.trainerSpec().bosPiece());
  }

  public int eosId() {
    return controlId(proto.trainerSpec().eosPiece());
  }

  public int padId() {
    return controlId(proto.trainerSpec().padPiece());
  }

  private int controlId(String piece) {
    int id = table.pieceToId(piece);
    return table.type(id) == PieceType.CONTROL ? id : -1;
  }

  /** The model's normalisation of {@code text} ({@code ▁} for spaces, dummy prefix added). */
  public String normalize(String text) {
    return normalizer.normalize(Checks.notNull(text, "text"));
  }

  public int[] encodeIds(String text) {
    return encode(text).stream().mapToInt(EncodedPiece::id).toArray();
  }

  public List<String> encodePieces(String text) {
    return encode(text).stream().map(EncodedPiece::piece).toList();
  }

  /**
   * Decodes ids to text; throws {@link IllegalArgumentException} for an id outside the vocabulary.
   */
  public String decode(int[] ids) {
    List<String> pieces = new ArrayList<>(ids.length);
    for (int id : ids) {
      Checks.argument(
          id >= 0 && id < table.size(), "invalid id %s: expected 0..%s", id, table.size() - 1);
      pieces.add(table.piece(id).piece());
    }
    return decoder.decode(pieces);
  }

  public String decodePieces(List<String> pieces) {
    return decoder.decode(pieces);
  }

  /** The serialized model ({@code .model} bytes). */
  public byte[] toBytes() {
    return ModelProtoWriter.toBytes(proto);
  }

  /** Writes the {@code .model} file atomically. */
  public void save(Path file) {
    ModelProtoWriter.write(proto, file);
  }

  /**
   * {@code SentencePieceProcessor::PopulateSentencePieceText}: with byte fallback an unknown piece
   * becomes its UTF-8 bytes as {@code <0xNN>} pieces; otherwise adjacent unknown pieces merge into
   * one.
   */
  private List<EncodedPiece> encode(String text) {
    String normalized = normalizer.normalize(Checks.notNull(text, "text"));
    List<EncodedPiece> out = new ArrayList<>();
    boolean isPrevUnk = false;
    for (EncodedPiece p : segmenter.segment(normalized)) {
      PieceType type = table.type(p.id());
      boolean isUnk = type == PieceType.UNKNOWN;
      if (type == PieceType.CONTROL) {
        out.add(p);
      } else if (isUnk && table.byteFallback()) {
        for (byte b : p.piece().getBytes(StandardCharsets.UTF_8)) {
          out.add(new EncodedPiece(BytePieces.pieceOf(b), table.byteId(b & 0xFF)));
        }
      } else if (isUnk && isPrevUnk) {
        EncodedPiece last = out.remove(out.size() - 1);
        out.add(new EncodedPiece(last.piece() + p.piece(), last.id()));
      } else {
        out.add(p);
      }
      isPrevUnk = isUnk;
    }
    return out;
  }

  private void checkId(int id) {
    Checks.argument(
        id >= 0 && id < table.size(), "id %s outside the vocabulary 0..%s", id, table.size() - 1);
  }
}

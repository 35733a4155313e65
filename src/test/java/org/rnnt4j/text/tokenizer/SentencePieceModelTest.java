package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.ModelProtoReader;
import org.rnnt4j.text.tokenizer.proto.ModelProtoWriter;
import org.rnnt4j.text.tokenizer.proto.ModelType;
import org.rnnt4j.text.tokenizer.proto.NormalizationRule;
import org.rnnt4j.text.tokenizer.proto.NormalizerSpec;
import org.rnnt4j.text.tokenizer.proto.Piece;
import org.rnnt4j.text.tokenizer.proto.PieceType;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnt4j.util.FormatException;

/** Hand-built vocabularies for the segmentation rules the reference models do not exercise. */
class SentencePieceModelTest {
  private static final String WS = "\u2581";

  /** 0 <unk>, 1 <s>, 2 ▁ab, 3 ab (UNUSED), 4 ▁, 5 a, 6 b, 7 <X> (USER_DEFINED). */
  private static SentencePieceModel handBuiltBpe() {
    List<Piece> pieces =
        List.of(
            new Piece("<unk>", 0f, PieceType.UNKNOWN),
            new Piece("<s>", 0f, PieceType.CONTROL),
            new Piece(WS + "ab", -1f, PieceType.NORMAL),
            new Piece("ab", -0f, PieceType.UNUSED),
            new Piece(WS, -2f, PieceType.NORMAL),
            new Piece("a", -3f, PieceType.NORMAL),
            new Piece("b", -4f, PieceType.NORMAL),
            new Piece("<X>", 0f, PieceType.USER_DEFINED));
    TrainerSpec spec =
        TrainerSpec.defaults().withModelType(ModelType.BPE).withVocabSize(pieces.size());
    return SentencePieceModel.of(
        new ModelProto(pieces, spec, NormalizerSpec.of(NormalizationRule.IDENTITY)), "hand-built");
  }

  @Test
  void unusedPieceIsAStepButNeverAnOutput() {
    SentencePieceModel m = handBuiltBpe();
    assertEquals(List.of(WS + "ab"), m.encodePieces("ab"));
    assertEquals(List.of(WS, "x", "a", "b"), m.encodePieces("xab"));
    assertArrayEquals(new int[] {4, 0, 5, 6}, m.encodeIds("xab"));
  }

  @Test
  void unknownRunsMergeButNotAcrossAUserSymbol() {
    SentencePieceModel m = handBuiltBpe();
    assertEquals(List.of(WS, "xy"), m.encodePieces("xy"));
    assertArrayEquals(new int[] {4, 0}, m.encodeIds("xy"));
    assertEquals(List.of(WS, "x", "<X>", "y"), m.encodePieces("x<X>y"));
    assertArrayEquals(new int[] {4, 0, 7, 0}, m.encodeIds("x<X>y"));
  }

  @Test
  void decodeShowsUnknownsAndHidesControls() {
    SentencePieceModel m = handBuiltBpe();
    // " ⁇ " is already text, so the ▁ of ▁ab is a real space, not the dummy prefix.
    assertEquals(" \u2047  ab", m.decode(new int[] {0, 1, 2}));
    assertEquals("ab", m.decode(new int[] {1, 2}));
    assertEquals("xyab", m.decodePieces(List.of("xy", "ab")));
    assertEquals(0, m.unkId());
    assertEquals(1, m.bosId());
    assertEquals(-1, m.eosId());
    assertEquals(0, m.pieceToId("not-a-piece"));
  }

  @Test
  void bytePiecesReassembleAndMalformedBytesBecomeReplacementCharacters() {
    SentencePieceModel m = Fixtures.model("bpe_v512_lower_bytefallback");
    int c3 = m.pieceToId("<0xC3>");
    int a9 = m.pieceToId("<0xA9>");
    int e6 = m.pieceToId("<0xE6>");
    assertEquals(PieceType.BYTE, m.type(c3));
    assertEquals(
        "caf\u00e9",
        m.decode(new int[] {m.pieceToId(WS + "c"), m.pieceToId("a"), m.pieceToId("f"), c3, a9}));
    assertEquals("\uFFFD\uFFFDa", m.decode(new int[] {e6, a9, m.pieceToId("a")}));
  }

  @Test
  void duplicatePieceIsAFormatError() {
    List<Piece> pieces =
        List.of(
            new Piece("<unk>", 0f, PieceType.UNKNOWN),
            new Piece("a", 0f, PieceType.NORMAL),
            new Piece("a", -1f, PieceType.NORMAL));
    ModelProto proto =
        new ModelProto(
            pieces, TrainerSpec.defaults().withModelType(ModelType.BPE), NormalizerSpec.defaults());
    FormatException e =
        assertThrows(FormatException.class, () -> SentencePieceModel.of(proto, "dup.model"));
    assertTrue(
        e.getMessage().startsWith("dup.model") && e.getMessage().contains("already defined"),
        e.getMessage());
  }

  @Test
  void modelWithoutUnknownIsAFormatError() {
    ModelProto proto =
        new ModelProto(
            List.of(new Piece("a", 0f, PieceType.NORMAL)),
            TrainerSpec.defaults().withModelType(ModelType.BPE),
            NormalizerSpec.defaults());
    FormatException e =
        assertThrows(FormatException.class, () -> SentencePieceModel.of(proto, "nounk.model"));
    assertTrue(e.getMessage().contains("no UNKNOWN piece"), e.getMessage());
  }

  @Test
  void unknownFieldsSurviveARoundTrip() {
    byte[] original = Fixtures.bytes("bpe_v128.model");
    byte[] withExtension = new byte[original.length + 3];
    System.arraycopy(original, 0, withExtension, 0, original.length);
    // Field 200 (ModelProto's extension range), varint 7: tag (200 << 3 | 0) = 0xC0 0x0C.
    withExtension[original.length] = (byte) 0xC0;
    withExtension[original.length + 1] = 0x0C;
    withExtension[original.length + 2] = 7;
    assertArrayEquals(
        withExtension, ModelProtoWriter.toBytes(ModelProtoReader.parse(withExtension, "ext")));
  }
}

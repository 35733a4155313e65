package org.rnnt4j.text.tokenizer.proto;

import org.rnnt4j.text.tokenizer.Fixtures;
import org.rnnt4j.text.tokenizer.SentencePieceModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnt4j.util.FormatException;

class ModelProtoRoundTripTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "bpe_v128.model",
        "bpe_v1024.model",
        "unigram_v256.model",
        "bpe_v512_lower_bytefallback.model",
        "nemo_spe_bpe_v128/tokenizer.model"
      })
  void writingAParsedModelGivesTheSameBytes(String file) {
    byte[] original = Fixtures.bytes(file);
    ModelProto proto = ModelProtoReader.parse(original, file);
    assertArrayEquals(original, ModelProtoWriter.toBytes(proto), file);
  }

  @Test
  void readsSpecsAndPieceTypes() {
    ModelProto p =
        ModelProtoReader.parse(Fixtures.bytes("bpe_v512_lower_bytefallback.model"), "fixture");
    assertEquals(512, p.pieces().size());
    assertEquals(new Piece("<unk>", 0f, PieceType.UNKNOWN), p.pieces().get(0));
    assertEquals(new Piece("<0x00>", 0f, PieceType.BYTE), p.pieces().get(1));
    assertEquals(new Piece("<0xFF>", 0f, PieceType.BYTE), p.pieces().get(256));
    assertEquals(ModelType.BPE, p.trainerSpec().modelType());
    assertEquals(512, p.trainerSpec().vocabSize());
    assertTrue(p.trainerSpec().byteFallback());
    assertFalse(p.trainerSpec().hardVocabLimit());
    assertEquals(-1, p.trainerSpec().bosId());
    assertEquals(-1, p.trainerSpec().eosId());
    assertEquals(1.0f, p.trainerSpec().characterCoverage());
    assertEquals("nmt_nfkc_cf", p.normalizerSpec().name());
    assertTrue(p.normalizerSpec().addDummyPrefix());
    assertTrue(p.normalizerSpec().removeExtraWhitespaces());
    ModelProto nemo =
        ModelProtoReader.parse(Fixtures.bytes("nemo_spe_bpe_v128/tokenizer.model"), "nemo");
    assertFalse(nemo.normalizerSpec().removeExtraWhitespaces());
  }

  @Test
  void shippedCharsmapsAreTheReferenceModelsOnes() {
    assertArrayEquals(
        ModelProtoReader.parse(Fixtures.bytes("bpe_v128.model"), "a")
            .normalizerSpec()
            .precompiledCharsmap(),
        NormalizationRule.NMT_NFKC.charsmap());
    assertArrayEquals(
        ModelProtoReader.parse(Fixtures.bytes("bpe_v512_lower_bytefallback.model"), "b")
            .normalizerSpec()
            .precompiledCharsmap(),
        NormalizationRule.NMT_NFKC_CF.charsmap());
    assertEquals(0, NormalizationRule.IDENTITY.charsmap().length);
  }

  @Test
  void savedModelLoadsAndEncodesTheSame(@TempDir Path dir) {
    SentencePieceModel model = Fixtures.model("unigram_v256");
    Path file = dir.resolve("copy.model");
    model.save(file);
    SentencePieceModel copy = SentencePieceModel.load(file);
    String text = "the quick brown fox jumps over the lazy dog";
    assertArrayEquals(model.encodeIds(text), copy.encodeIds(text));
  }

  @Test
  void truncatedFileFailsNamingTheFile(@TempDir Path dir) throws Exception {
    byte[] bytes = Fixtures.bytes("bpe_v128.model");
    Path file = dir.resolve("broken.model");
    Files.write(file, Arrays.copyOf(bytes, 1000));
    FormatException e = assertThrows(FormatException.class, () -> SentencePieceModel.load(file));
    assertTrue(e.getMessage().contains("broken.model"), e.getMessage());
  }

  @Test
  void textFileIsRejectedAsNotAModel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokenizer.vocab");
    Files.write(file, Fixtures.bytes("bpe_v128.vocab"));
    FormatException e = assertThrows(FormatException.class, () -> SentencePieceModel.load(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }
}

package org.rnnt4j.text.tokenizer;

import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.ModelProtoReader;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VocabFilesTest {
  @ParameterizedTest
  @ValueSource(strings = {"bpe_v128", "bpe_v1024", "unigram_v256", "bpe_v512_lower_bytefallback"})
  void spmVocabMatchesTheReferenceVocabFile(String name) {
    ModelProto model = ModelProtoReader.parse(Fixtures.bytes(name + ".model"), name);
    assertEquals(
        new String(Fixtures.bytes(name + ".vocab"), StandardCharsets.UTF_8),
        VocabFiles.spmVocab(model));
  }

  @Test
  void nemoVocabMatchesTheNemoFixture() {
    ModelProto model =
        ModelProtoReader.parse(Fixtures.bytes("nemo_spe_bpe_v128/tokenizer.model"), "nemo");
    assertEquals(
        new String(Fixtures.bytes("nemo_spe_bpe_v128/vocab.txt"), StandardCharsets.UTF_8),
        VocabFiles.nemoVocab(model));
  }

  @Test
  void scoresPrintLikeCppStreams() {
    assertEquals("-0", ScoreFormat.format(-0.0f));
    assertEquals("0", ScoreFormat.format(0.0f));
    assertEquals("-125", ScoreFormat.format(-125f));
    assertEquals("-2.92685", ScoreFormat.format(-2.9268527f));
    assertEquals("1e+06", ScoreFormat.format(1_000_000f));
    assertEquals("-123457", ScoreFormat.format(-123456.7f));
    assertEquals("1.5e-05", ScoreFormat.format(1.5e-5f));
    assertEquals("0.0001", ScoreFormat.format(1e-4f));
  }
}

package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.Fixtures;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.ModelProtoReader;
import org.rnnt4j.text.tokenizer.proto.ModelProtoWriter;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains as NeMo's process_asr_text_tokenizer.py with its defaults (lower case, extra whitespace
 * kept) on the corpus of the .nemo fixtures and compares the written directory with the one their
 * generator wrote with sentencepiece 0.1.97 and those flags (not NeMo itself): model, tokenizer.vocab and
 * vocab.txt.
 */
class TokenizerTrainerTest {
  private static final String NEMO_DIR = "nemo_spe_bpe_v128/";

  @Test
  void nemoDefaultsReproduceTheNemoTokenizerDirectory(@TempDir Path tmp) throws Exception {
    Path corpus = tmp.resolve("train_corpus.txt");
    Files.write(
        corpus,
        String.join("\n", Fixtures.lines("train_corpus.txt.gz"))
            .concat("\n")
            .getBytes(StandardCharsets.UTF_8));
    Path dir =
        TokenizerTrainer.trainFromFiles(
            List.of(corpus), TrainOptions.defaults(128), tmp.resolve("out"));

    assertEquals(tmp.resolve("out").resolve("tokenizer_spe_bpe_v128"), dir);
    assertEquals(
        new String(Fixtures.bytes(NEMO_DIR + "tokenizer.vocab"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("tokenizer.vocab")));
    assertEquals(
        new String(Fixtures.bytes(NEMO_DIR + "vocab.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("vocab.txt")));

    // Byte-identical model once the trainer_spec records the reference's paths and thread count.
    ModelProto reference =
        ModelProtoReader.parse(Fixtures.bytes(NEMO_DIR + "tokenizer.model"), "reference");
    ModelProto trained = ModelProtoReader.read(dir.resolve("tokenizer.model"));
    assertEquals(List.of(corpus.toString()), trained.trainerSpec().input());
    assertEquals(dir.resolve("tokenizer").toString(), trained.trainerSpec().modelPrefix());
    TrainerSpec aligned =
        trained
            .trainerSpec()
            .withInput(reference.trainerSpec().input())
            .withModelPrefix(reference.trainerSpec().modelPrefix())
            .withNumThreads(1);
    assertArrayEquals(
        Fixtures.bytes(NEMO_DIR + "tokenizer.model"),
        ModelProtoWriter.toBytes(trained.withTrainerSpec(aligned)));
  }

  @Test
  void inMemoryTextsGiveTheSamePiecesAsTheFile(@TempDir Path tmp) {
    Path dir =
        TokenizerTrainer.train(
            Fixtures.lines("train_corpus.txt.gz"), TrainOptions.defaults(128), tmp);
    Tokenizer trained = Tokenizer.load(dir);
    assertEquals(Tokenizer.load(nemoModel(tmp)).pieces(), trained.pieces());
  }

  @Test
  void smallCorpusGivesFewerPiecesAndADirectoryNamedForTheRequest(@TempDir Path tmp) {
    List<String> texts = List.of("hello world", "hello there", "world peace");
    Path dir =
        TokenizerTrainer.train(texts, TrainOptions.defaults(64).withMaxSentencepieceLength(8), tmp);
    assertEquals("tokenizer_spe_bpe_v64_max_8", dir.getFileName().toString());
    Tokenizer t = Tokenizer.load(dir);
    assertTrue(
        t.vocabSize() < 64, "hard_vocab_limit=false lets the vocabulary shrink: " + t.vocabSize());
    assertEquals(t.vocabSize(), t.model().proto().trainerSpec().vocabSize());
    assertEquals("hello world", t.decode(t.encode("Hello World")));
  }

  @Test
  void byteFallbackModelSpellsUnseenCharactersAsBytes(@TempDir Path tmp) {
    List<String> texts = Fixtures.lines("train_corpus.txt.gz").subList(0, 2000);
    Path dir =
        TokenizerTrainer.train(texts, TrainOptions.defaults(300).withByteFallback(true), tmp);
    Tokenizer t = Tokenizer.load(dir);
    assertEquals("<0x00>", t.pieces().get(1));
    int[] ids = t.encode("café 😀");
    assertEquals("café 😀", t.decode(ids));
    assertTrue(t.model().encodePieces("😀").contains("<0xF0>"));
  }

  @Test
  void vocabularySmallerThanTheAlphabetIsRejected(@TempDir Path tmp) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TokenizerTrainer.train(
                    Fixtures.lines("train_corpus.txt.gz"), TrainOptions.defaults(20), tmp));
    assertTrue(e.getMessage().contains("required characters"), e.getMessage());
  }

  private static Path nemoModel(Path tmp) {
    Path file = tmp.resolve("nemo.model");
    try {
      Files.write(file, Fixtures.bytes(NEMO_DIR + "tokenizer.model"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }
}

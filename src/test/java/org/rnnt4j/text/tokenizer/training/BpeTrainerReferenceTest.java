package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.Fixtures;
import org.rnnt4j.text.tokenizer.SentencePieceModel;
import org.rnnt4j.text.tokenizer.proto.ModelProto;
import org.rnnt4j.text.tokenizer.proto.Piece;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trains on the reference corpus with each reference model's exact spm_train flags and compares the
 * piece list (same piece at the same id) and the token count on the 1,500 ASR test sentences (the
 * first 1,500 golden lines, whose id counts sum to index.json's tokens_on_test_asr).
 */
class BpeTrainerReferenceTest {
  @ParameterizedTest
  @ValueSource(strings = {"bpe_v128", "bpe_v1024", "bpe_v512_lower_bytefallback"})
  void trainedPiecesMatchTheReferenceModel(String name) {
    JsonNode entry = Fixtures.index().get("models").get(name);
    SpmTrainFlags flags = SpmTrainFlags.parse(entry.get("spm_train_flags").asText());
    List<String> corpus = Fixtures.lines("train_corpus.txt.gz");
    long start = System.nanoTime();
    ModelProto trained =
        new BpeTrainer(flags.trainerSpec(), flags.normalizerSpec())
            .train(
                corpus.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).iterator(),
                "train_corpus.txt");
    double seconds = (System.nanoTime() - start) / 1e9;
    SentencePieceModel reference = Fixtures.model(name);
    List<Piece> ref = reference.proto().pieces();
    List<Piece> got = trained.pieces();
    int same = 0;
    String firstDiff = null;
    for (int id = 0; id < Math.max(ref.size(), got.size()); id++) {
      Piece r = id < ref.size() ? ref.get(id) : null;
      Piece g = id < got.size() ? got.get(id) : null;
      if (r != null && r.equals(g)) {
        same++;
      } else if (firstDiff == null) {
        firstDiff = "id " + id + ": got " + g + ", reference " + r;
      }
    }
    double identical = (double) same / ref.size();
    SentencePieceModel model = SentencePieceModel.of(trained, name + " (trained)");
    long tokens = 0;
    List<Fixtures.GoldenCase> golden = Fixtures.golden(name);
    for (int i = 0; i < 1500; i++) {
      tokens += model.encodeIds(golden.get(i).text()).length;
    }
    long refTokens = entry.get("tokens_on_test_asr").asLong();
    System.out.printf(
        "%s: %d/%d pieces identical (%.2f%%), tokens on test_asr %d vs reference %d (%+.3f%%),"
            + " trained in %.2f s%s%n",
        name,
        same,
        ref.size(),
        100 * identical,
        tokens,
        refTokens,
        100.0 * (tokens - refTokens) / refTokens,
        seconds,
        firstDiff == null ? "" : "; first difference " + firstDiff);
    assertEquals(ref.size(), got.size(), "piece count");
    assertTrue(identical >= 0.99, "only " + same + "/" + ref.size() + " identical; " + firstDiff);
    assertTrue(
        Math.abs(tokens - refTokens) <= 0.005 * refTokens, tokens + " tokens vs " + refTokens);
  }
}

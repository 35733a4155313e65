package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.Json;

/**
 * {@code evaluate} and {@code transcribe} with NeMo's beam searches on the four fixture {@code .nemo}
 * models (written by the reference generator, a module-by-module port of NeMo's model run in PyTorch 1.13,
 * ../shared/peer/nemo_ref.py, not NeMo itself), against src/test/resources/decoding's goldens: rnnt4j's own
 * re-implementation of NeMo's decoding algorithms (make_decoding_goldens.py there) run on that port's
 * encoder output for the two fixture utterances. The commands recompute the encoder output from the audio,
 * so scores are compared within 1e-4 relative and the token ids exactly.
 */
class DecodingCommandsTest {
  private static final String UTT0 = Goldens.resource("nemo/audio/utt0.wav").toString();
  private static final String UTT1 = Goldens.resource("nemo/audio/utt1.wav").toString();

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static String nemo(String model) {
    return Goldens.resource("nemo/" + model + ".nemo").toString();
  }

  private static Path manifest(Path dir) throws IOException {
    Path manifest = dir.resolve("two.jsonl");
    // audio_filepath exactly as given (here absolute) must come back unchanged
    Files.writeString(
        manifest,
        "{\"audio_filepath\": \"" + UTT0 + "\", \"duration\": 1.49, \"text\": \"good morning to you all\"}\n"
            + "{\"audio_filepath\": \"" + UTT1 + "\", \"duration\": 2.88, \"text\": \"speech recognition with transducers is fun\"}\n");
    return manifest;
  }

  /** The golden case's utterances: {@code nbest} lists, NeMo's order, distinct transcripts. */
  private static JsonNode golden(String model, String caseName) {
    for (JsonNode c : Json.parse(Goldens.readString("decoding/" + model + ".decoding.json")).get("cases")) {
      if (c.get("name").asText().equals(caseName)) {
        return c.get("utterances");
      }
    }
    throw new AssertionError("no case " + caseName + " for " + model);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "contextnet_tiny, beam", "contextnet_tiny, maes", "contextnet_strided_tiny, beam", "contextnet_strided_tiny, maes",
    "conformer_tiny, beam", "conformer_tiny, maes", "fastconformer_tiny, beam", "fastconformer_tiny, maes"
  })
  void evaluateWithBeamSize4GivesTheGoldenNbestLists(String model, String strategy, @TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("eval");
    Result r =
        run("evaluate", "--model", nemo(model), "--manifest", manifest(tmp).toString(), "--output_dir", out.toString(),
            "--decoding_strategy", strategy, "--beam_size", "4");
    assertEquals(0, r.code(), r.err());
    JsonNode expected = golden(model, strategy + "_4");
    List<String> lines = Files.readAllLines(out.resolve("predictions.jsonl"));
    assertEquals(2, lines.size());
    for (int u = 0; u < 2; u++) {
      JsonNode p = Json.parse(lines.get(u));
      String what = model + " " + strategy + " utterance " + u;
      assertEquals(u == 0 ? UTT0 : UTT1, p.get("audio_filepath").asText(), what);
      JsonNode nbest = p.get("nbest");
      JsonNode want = expected.get(u).get("nbest");
      assertEquals(expected.get(u).get("distinct_size").asInt(), nbest.size(), what + ": distinct transcripts");
      for (int i = 0; i < want.size(); i++) {
        assertArrayEquals(ints(want.get(i).get("tokens")), ints(nbest.get(i).get("token_ids")), what + " n-best " + i);
        assertScore(want.get(i).get("score").asDouble(), nbest.get(i).get("score").asDouble(), what + " n-best " + i);
      }
      assertArrayEquals(ints(want.get(0).get("tokens")), ints(p.get("pred_token_ids")), what + ": pred_token_ids is the best");
      assertEquals(nbest.get(0).get("text").asText(), p.get("pred_text").asText(), what);
      assertScore(want.get(0).get("score").asDouble(), p.get("score").asDouble(), what + ": score");
    }
    JsonNode m = Json.read(out.resolve("metrics.json"));
    assertEquals(strategy, m.get("decoding_strategy").asText());
    assertEquals(4, m.get("beam_size").asInt());
    assertEquals(2, m.get("wer_ci95").size());
  }

  @Test
  void predictionsKeepARelativeAudioFilepathExactlyAsTheManifestWritesIt(@TempDir Path tmp) throws IOException {
    // NeMo resolves a relative audio_filepath against the manifest's folder but writes it back unchanged
    Files.copy(Path.of(UTT0), tmp.resolve("utt0.wav"));
    Path manifest = tmp.resolve("rel.jsonl");
    Files.writeString(manifest, "{\"audio_filepath\": \"./utt0.wav\", \"duration\": 1.49, \"text\": \"good morning to you all\"}\n");
    Path out = tmp.resolve("eval");
    Result r =
        run("evaluate", "--model", nemo("contextnet_tiny"), "--manifest", manifest.toString(), "--output_dir", out.toString(),
            "--decoding_strategy", "malsd_batch", "--beam_size", "2");
    assertEquals(0, r.code(), r.err());
    JsonNode p = Json.parse(Files.readAllLines(out.resolve("predictions.jsonl")).get(0));
    assertEquals("./utt0.wav", p.get("audio_filepath").asText());
    assertEquals("good morning to you all", p.get("pred_text").asText());
    assertTrue(p.get("nbest").size() >= 1, p.toString());
  }

  @Test
  void transcribeTimestampsAreNemosOffsetsTimesTheFrameStride() {
    // beam_size 1 is NeMo's greedy search; the golden beam_1 of contextnet_strided_tiny (4x time reduction,
    // window_stride 0.01 s: 0.04 s per frame) emits utt0's pieces _g oo d _m or n ing _to _you _a ll on frames
    // 0 0 2 2 12 12 26 26 27 30 30. NeMo: a token on frame t spans [t, t+1) x 0.04 s; a word runs from its first
    // token's start to its last token's end.
    Result r =
        run("transcribe", "--model", nemo("contextnet_strided_tiny"), "--decoding_strategy", "beam", "--beam_size", "1",
            "--timestamps", UTT0);
    assertEquals(0, r.code(), r.err());
    JsonNode j = Json.parse(r.out().strip());
    assertEquals(UTT0, j.get("audio_filepath").asText());
    assertEquals("good morning to you all", j.get("text").asText());
    assertScore(golden("contextnet_strided_tiny", "beam_1").get(0).get("nbest").get(0).get("score").asDouble(), j.get("score").asDouble(), "score");
    String[] words = {"good", "morning", "to", "you", "all"};
    double[][] spans = {{0.0, 0.12}, {0.08, 1.08}, {1.04, 1.08}, {1.08, 1.12}, {1.2, 1.24}};
    assertEquals(words.length, j.get("words").size(), j.toString());
    for (int w = 0; w < words.length; w++) {
      JsonNode word = j.get("words").get(w);
      assertEquals(words[w], word.get("word").asText());
      assertEquals(spans[w][0], word.get("start").asDouble(), 1e-9, words[w]);
      assertEquals(spans[w][1], word.get("end").asDouble(), 1e-9, words[w]);
    }
    JsonNode tokens = j.get("tokens");
    assertEquals(11, tokens.size());
    assertEquals("\u2581m", tokens.get(3).get("token").asText());
    assertEquals(0.08, tokens.get(3).get("start").asDouble(), 1e-9);
    assertEquals(0.12, tokens.get(3).get("end").asDouble(), 1e-9);
    assertTrue(j.has("nbest"), "a beam strategy writes the n-best list");
  }

  @Test
  void transcribeWithNbestOrJsonlWritesOneObjectPerFileInOrder() {
    Result r = run("transcribe", "--model", nemo("contextnet_tiny"), "--nbest", UTT1, UTT0);
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size());
    JsonNode first = Json.parse(lines.get(0));
    assertEquals(UTT1, first.get("audio_filepath").asText());
    assertEquals("speech recognition with transducers is fun", first.get("text").asText());
    assertEquals(1, first.get("nbest").size(), "greedy: one hypothesis");
    assertTrue(!first.has("words"), "no timestamps unless asked");
    Result jsonl = run("transcribe", "--model", nemo("contextnet_tiny"), "--output_format", "jsonl", UTT0);
    assertEquals("good morning to you all", Json.parse(jsonl.out().strip()).get("text").asText());
    Result both = run("transcribe", "--model", nemo("contextnet_tiny"), "--text_only", "--timestamps", UTT0);
    assertEquals(2, both.code());
  }

  @Test
  void writeAlignmentsAddsJiwerChunksAndTheMostFrequentErrors(@TempDir Path tmp) throws IOException {
    // the model says "good morning to you all"; the reference differs by hand: "good evening to all" aligns
    // as equal [0,1)/[0,1), substitute morning->evening, equal "to", insert "you", equal "all" (jiwer:
    // rapidfuzz's editops, opcodes grouped)
    Path manifest = tmp.resolve("one.jsonl");
    Files.writeString(manifest, "{\"audio_filepath\": \"" + UTT0 + "\", \"duration\": 1.49, \"text\": \"good evening to all\"}\n");
    Path out = tmp.resolve("eval");
    Result r =
        run("evaluate", "--model", nemo("contextnet_tiny"), "--manifest", manifest.toString(), "--output_dir", out.toString(),
            "--write_alignments");
    assertEquals(0, r.code(), r.err());
    JsonNode p = Json.parse(Files.readAllLines(out.resolve("predictions.jsonl")).get(0));
    assertEquals(
        "[{\"type\":\"equal\",\"ref_start_idx\":0,\"ref_end_idx\":1,\"hyp_start_idx\":0,\"hyp_end_idx\":1},"
            + "{\"type\":\"substitute\",\"ref_start_idx\":1,\"ref_end_idx\":2,\"hyp_start_idx\":1,\"hyp_end_idx\":2},"
            + "{\"type\":\"equal\",\"ref_start_idx\":2,\"ref_end_idx\":3,\"hyp_start_idx\":2,\"hyp_end_idx\":3},"
            + "{\"type\":\"insert\",\"ref_start_idx\":3,\"ref_end_idx\":3,\"hyp_start_idx\":3,\"hyp_end_idx\":4},"
            + "{\"type\":\"equal\",\"ref_start_idx\":3,\"ref_end_idx\":4,\"hyp_start_idx\":4,\"hyp_end_idx\":5}]",
        p.get("alignment").toString());
    JsonNode top = Json.read(out.resolve("metrics.json")).get("top_errors");
    assertEquals("[{\"reference\":\"evening\",\"hypothesis\":\"morning\",\"count\":1}]", top.get("substitutions").toString());
    assertEquals("[{\"word\":\"you\",\"count\":1}]", top.get("insertions").toString());
    assertEquals("[]", top.get("deletions").toString());
  }

  private static void assertScore(double expected, double actual, String what) {
    assertTrue(Math.abs(actual - expected) <= 1e-4 * Math.max(1.0, Math.abs(expected)), what + ": " + actual + " vs " + expected);
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}

package org.rnnt4j.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.Json;

/**
 * Every strategy reproduces the decoding goldens of src/test/resources/decoding, on the four NeMo fixture
 * models and their two utterances: token ids and timestamps identical, scores within 1e-4 relative, the
 * n-best list (distinct transcripts, NeMo's order) of the same length with the same entries (the goldens
 * keep up to 16). The goldens come from make_decoding_goldens.py there: our own re-implementation of
 * NeMo's algorithms (NVIDIA/NeMo@8cfedd7) in PyTorch 1.13 on ../shared/peer/nemo_ref.py's port of the
 * model, not NeMo itself.
 */
class DecodingGoldenTest {
  private static final double TOL = 1e-4;
  private static int threads;

  /** Decoding runs small operations, which a second thread only slows down on a busy machine. */
  @BeforeAll
  static void oneThread() {
    threads = Engine.threads();
    Engine.setThreads(1);
  }

  @AfterAll
  static void restoreThreads() {
    Engine.setThreads(threads);
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String model : FixtureModels.NAMES) {
      for (JsonNode c : goldens(model).get("cases")) {
        out.add(Arguments.of(model, c.get("name").asText()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesTheGoldens(String modelName, String caseName) {
    JsonNode golden = null;
    for (JsonNode c : goldens(modelName).get("cases")) {
      if (c.get("name").asText().equals(caseName)) {
        golden = c;
      }
    }
    Transducer model = FixtureModels.model(modelName);
    Encoded encoded = FixtureModels.encoded(modelName);
    List<Hypotheses> all = Decoders.create(options(golden, false)).decode(model, encoded);
    JsonNode utterances = golden.get("utterances");
    assertEquals(utterances.size(), all.size());
    for (int b = 0; b < all.size(); b++) {
      String what = modelName + " " + caseName + " utterance " + b;
      JsonNode expected = utterances.get(b).get("nbest");
      List<Hypothesis> actual = all.get(b).nBest();
      assertEquals(utterances.get(b).get("distinct_size").asInt(), actual.size(), what + ": n-best size");
      for (int i = 0; i < expected.size(); i++) {
        assertHypothesis(expected.get(i), actual.get(i), what + " n-best " + i);
      }
      assertEquals(
          actual.size(), actual.stream().map(h -> java.util.Arrays.toString(h.tokens())).distinct().count(), what + ": distinct");
    }
  }

  @Test
  void returnBestHypothesisKeepsTheHeadOfTheList() {
    Transducer model = FixtureModels.model("fastconformer_tiny");
    Encoded encoded = FixtureModels.encoded("fastconformer_tiny");
    for (JsonNode c : goldens("fastconformer_tiny").get("cases")) {
      if (!List.of("beam_4", "maes_4", "malsd_batch_4").contains(c.get("name").asText())) {
        continue;
      }
      List<Hypotheses> best = Decoders.create(options(c, true)).decode(model, encoded);
      for (int b = 0; b < best.size(); b++) {
        assertEquals(1, best.get(b).nBest().size());
        assertHypothesis(c.get("utterances").get(b).get("nbest").get(0), best.get(b).best(), c.get("name") + " " + b);
      }
    }
  }

  static void assertHypothesis(JsonNode expected, Hypothesis actual, String what) {
    assertArrayEquals(ints(expected.get("tokens")), actual.tokens(), what + ": tokens");
    assertArrayEquals(ints(expected.get("timestamps")), actual.timestamps(), what + ": timestamps");
    double score = expected.get("score").asDouble();
    assertTrue(
        Math.abs(actual.score() - score) <= TOL * Math.max(1.0, Math.abs(score)),
        what + ": score " + actual.score() + " vs " + score);
  }

  /** The options of a golden case, with NeMo's defaults for what it does not name. */
  static DecodingOptions options(JsonNode c, boolean bestOnly) {
    JsonNode p = c.get("params");
    BeamOptions beam = new BeamOptions(p.get("beam_size").asInt(), p.get("score_norm").asBoolean(), bestOnly);
    return switch (DecodingStrategy.fromNemoName(c.get("strategy").asText())) {
      case BEAM -> new BeamSearchOptions(beam);
      case TSD -> new TsdOptions(beam, p.get("tsd_max_sym_exp_per_step").asInt());
      case ALSD -> new AlsdOptions(beam, p.get("alsd_max_target_len").asDouble(), true);
      case MAES ->
          new MaesOptions(
              beam, p.get("maes_num_steps").asInt(), p.get("maes_prefix_alpha").asInt(),
              p.get("maes_expansion_beta").asInt(), p.get("maes_expansion_gamma").asDouble());
      case MALSD_BATCH -> new MalsdBatchOptions(beam, p.get("max_symbols").asInt());
      case MAES_BATCH ->
          new MaesBatchOptions(
              beam, p.get("maes_num_steps").asInt(), p.get("maes_expansion_beta").asInt(),
              p.get("maes_expansion_gamma").asDouble());
      default -> throw new IllegalArgumentException(c.toString());
    };
  }

  static JsonNode goldens(String model) {
    return Json.parse(Goldens.readString("decoding/" + model + ".decoding.json"));
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}

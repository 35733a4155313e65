package org.rnnt4j.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every golden line of the four reference models (2,015 each: ASR sentences, raw sentences with
 * punctuation and casing, and tricky inputs) must give the reference ids, pieces and decoded text.
 */
class SentencePieceModelGoldenTest {
  @ParameterizedTest
  @ValueSource(strings = {"bpe_v128", "bpe_v1024", "unigram_v256", "bpe_v512_lower_bytefallback"})
  void reproducesEveryGoldenLine(String name) {
    SentencePieceModel model = Fixtures.model(name);
    List<Fixtures.GoldenCase> cases = Fixtures.golden(name);
    int expectedCases = Fixtures.index().get("models").get(name).get("cases").asInt();
    assertEquals(expectedCases, cases.size(), "golden lines of " + name);
    List<String> failures = new ArrayList<>();
    for (Fixtures.GoldenCase c : cases) {
      int[] ids = model.encodeIds(c.text());
      List<String> pieces = model.encodePieces(c.text());
      String decoded = model.decode(c.ids());
      if (!Arrays.equals(c.ids(), ids)) {
        failures.add(
            "line "
                + c.line()
                + " ids "
                + Arrays.toString(ids)
                + " expected "
                + Arrays.toString(c.ids())
                + " for "
                + c.text());
      }
      if (!c.pieces().equals(pieces)) {
        failures.add("line " + c.line() + " pieces " + pieces + " expected " + c.pieces());
      }
      if (!c.decoded().equals(decoded)) {
        failures.add(
            "line " + c.line() + " decoded '" + decoded + "' expected '" + c.decoded() + "'");
      }
    }
    System.out.printf(
        "%s: %d/%d golden lines reproduced%n", name, cases.size() - failures.size(), cases.size());
    assertTrue(
        failures.isEmpty(),
        failures.size()
            + " mismatches, first: "
            + failures.subList(0, Math.min(5, failures.size())));
  }
}

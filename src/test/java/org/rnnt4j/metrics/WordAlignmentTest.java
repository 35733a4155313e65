package org.rnnt4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Word alignments as jiwer's {@code process_words(...).alignments}: 204 sentence pairs (4 by hand, 200 random
 * with seed 20261207) whose chunks were written by src/test/resources/metrics/make_alignment_goldens.py with
 * rapidfuzz 3.14.6 ({@code Opcodes.from_editops(Levenshtein.editops(...))}, jiwer's two calls).
 */
class WordAlignmentTest {
  @Test
  void chunksMatchRapidfuzzOpcodes() throws IOException {
    int cases = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(getClass().getResourceAsStream("/metrics/alignment_goldens.tsv"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        List<String> got = new ArrayList<>();
        for (AlignmentChunk c : WordAlignment.of(f[0], f[1]).chunks()) {
          got.add(c.type().jiwerName() + " " + c.refStart() + " " + c.refEnd() + " " + c.hypStart() + " " + c.hypEnd());
        }
        assertEquals(f[2], String.join(";", got), "case " + cases + ": " + line);
        cases++;
      }
    }
    assertEquals(204, cases);
  }

  @Test
  void tallyCountsEachSubstitutedPairDeletedAndInsertedWordMostFrequentFirst() {
    // by hand: "a b c" -> "a x c" substitutes b->x; "b b" -> "x b" again b->x; "a b" -> "a" deletes b;
    // "c" -> "c y y" inserts y twice
    ErrorTally tally = new ErrorTally();
    tally.add(WordAlignment.of("a b c", "a x c"));
    tally.add(WordAlignment.of("d b", "d q"));
    tally.add(WordAlignment.of("b b", "x b"));
    tally.add(WordAlignment.of("a b", "a"));
    tally.add(WordAlignment.of("c", "c y y"));
    Map<String, Object> top = tally.top(1);
    assertEquals("[{reference=b, hypothesis=x, count=2}]", top.get("substitutions").toString());
    assertEquals("[{word=b, count=1}]", top.get("deletions").toString());
    assertEquals("[{word=y, count=2}]", top.get("insertions").toString());
    assertEquals(
        "[{reference=b, hypothesis=x, count=2}, {reference=b, hypothesis=q, count=1}]",
        tally.top(5).get("substitutions").toString());
  }
}

package org.rnnt4j.text.tokenizer.training;

import org.rnnt4j.text.tokenizer.normalize.Utf8;
import org.rnnt4j.text.tokenizer.proto.TrainerSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The incremental merge bookkeeping against a slow, obviously correct reference that recounts every
 * pair from scratch after each merge (same ranking: frequency, then length, then code-point order),
 * on corpora without repeated characters; plus hand-worked cases for SentencePiece's treatment of
 * overlapping equal pairs ("aaa"), where it is not a plain recount.
 */
class BpeMergeLearnerTest {
  private static final PieceValidator VALIDATOR = new PieceValidator(TrainerSpec.defaults());

  @Test
  void overlappingPairsCountOnceFromTheLeft() {
    // (▁,a) 1+3 = 4 wins; "▁aaaa" -> [▁a, a, a, a] leaves three a's, one non-overlapping (a,a);
    // then (▁a,b) 3 beats (a,a) 1 and (▁a,a) 1; of those two, the shorter "aa" comes first.
    List<String> merged = learner(Map.of("\u2581aaaa", 1L, "\u2581ab", 3L)).learn(3);
    assertEquals(List.of("\u2581a", "\u2581ab", "aa"), merged);
  }

  @Test
  void anOverlappingPairSkippedOnceIsNeverCountedAgain() {
    // First count of "baaa": (a,a) at 1-2 counts, 2-3 overlaps and is dropped from the pair's
    // places.
    // Merging "ba" destroys 1-2, so (a,a) drops to 0 although "aa" still occurs at 2-3; a plain
    // recount would pick "aa" next (freq 1, shorter than "baa"). SentencePiece picks "baa".
    List<String> merged = learner(Map.of("baaa", 1L, "ba", 5L)).learn(3);
    assertEquals(List.of("ba", "baa", "baaa"), merged);
  }

  @Test
  void matchesTheSlowReferenceOnRandomCorpora() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      Map<String, Long> words = new LinkedHashMap<>();
      for (int w = 0; w < 40; w++) {
        // Distinct characters per word, so no equal pair (and no overlap) can ever form.
        List<Character> alphabet = new ArrayList<>(List.of('a', 'b', 'c', 'd', 'e', '\''));
        java.util.Collections.shuffle(alphabet, random);
        StringBuilder b = new StringBuilder("\u2581");
        int len = 1 + random.nextInt(alphabet.size());
        for (int i = 0; i < len; i++) {
          b.append(alphabet.get(i));
        }
        words.merge(b.toString(), 1L + random.nextInt(5), Long::sum);
      }
      List<String> expected = slowReference(words, 40);
      List<String> got = learner(words).learn(40);
      assertTrue(got.size() >= expected.size(), "seed " + seed);
      assertEquals(expected, got.subList(0, expected.size()), "seed " + seed + " words " + words);
    }
  }

  private static BpeMergeLearner learner(Map<String, Long> words) {
    List<TrainingCorpus.Weighted> list = new ArrayList<>();
    Map<Integer, Long> chars = new LinkedHashMap<>();
    words.forEach(
        (w, f) -> {
          list.add(new TrainingCorpus.Weighted(w, f));
          w.codePoints().forEach(c -> chars.merge(c, f, Long::sum));
        });
    list.sort(
        (a, b) ->
            a.freq() != b.freq() ? Long.compare(b.freq(), a.freq()) : a.text().compareTo(b.text()));
    return new BpeMergeLearner(list, chars, VALIDATOR);
  }

  /** Recount-everything BPE; stops when no pair occurs any more. */
  private static List<String> slowReference(Map<String, Long> words, int merges) {
    List<List<String>> segs = new ArrayList<>();
    List<Long> freqs = new ArrayList<>();
    words.forEach(
        (w, f) -> {
          List<String> s = new ArrayList<>();
          w.codePoints().forEach(c -> s.add(new String(Character.toChars(c))));
          segs.add(s);
          freqs.add(f);
        });
    List<String> pieces = new ArrayList<>();
    Set<String> chosen = new HashSet<>();
    while (pieces.size() < merges) {
      Map<List<String>, Long> counts = new LinkedHashMap<>();
      for (int k = 0; k < segs.size(); k++) {
        List<String> s = segs.get(k);
        Map<List<String>, Integer> lastCountedRight = new LinkedHashMap<>();
        for (int i = 0; i + 1 < s.size(); i++) {
          List<String> key = List.of(s.get(i), s.get(i + 1));
          String text = s.get(i) + s.get(i + 1);
          if (chosen.contains(text) || !VALIDATOR.isValid(text.codePoints().toArray())) {
            continue;
          }
          Integer last = lastCountedRight.get(key);
          if (last != null && last == i) {
            lastCountedRight.remove(key);
            continue;
          }
          lastCountedRight.put(key, i + 1);
          counts.merge(key, freqs.get(k), Long::sum);
        }
      }
      List<String> best = null;
      for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
        if (best == null || better(e.getKey(), e.getValue(), best, counts.get(best))) {
          best = e.getKey();
        }
      }
      if (best == null) {
        break;
      }
      String merged = best.get(0) + best.get(1);
      pieces.add(merged);
      chosen.add(merged);
      for (List<String> s : segs) {
        for (int i = 0; i + 1 < s.size(); i++) {
          if (s.get(i).equals(best.get(0)) && s.get(i + 1).equals(best.get(1))) {
            s.set(i, merged);
            s.remove(i + 1);
          }
        }
      }
    }
    return pieces;
  }

  private static boolean better(List<String> a, long fa, List<String> b, long fb) {
    if (fa != fb) {
      return fa > fb;
    }
    String ta = a.get(0) + a.get(1);
    String tb = b.get(0) + b.get(1);
    int la = ta.codePointCount(0, ta.length());
    int lb = tb.codePointCount(0, tb.length());
    return la != lb ? la < lb : Utf8.compareCodePoints(ta, tb) < 0;
  }
}

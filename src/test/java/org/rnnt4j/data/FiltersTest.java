package org.rnnt4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiltersTest {
  private static Utterance utterance(String id, String text, double duration) {
    return new Utterance(id, AudioRef.file(Path.of(id + ".flac")), text, duration, SourceLocation.line("m.jsonl", 1));
  }

  private static List<String> ids(Filtered filtered) {
    return filtered.kept().stream().map(Utterance::id).toList();
  }

  private final List<Utterance> data =
      List.of(
          utterance("a", "HELLO", 0.0),
          utterance("b", "HELLO", 1.0),
          utterance("c", "HELLO", 5.0),
          utterance("d", "HELLO", 20.0),
          utterance("e", "HELLO", 25.0),
          utterance("f", "HELLO", Double.NaN));

  @Test
  void durationBoundsExclusiveAsTheRecipe() {
    Filtered f = new DurationFilter(1.0, 20.0, DurationFilter.Bounds.EXCLUSIVE).apply(data);
    assertEquals(List.of("c", "f"), ids(f));
    assertEquals(6, f.report().examined());
    assertEquals(4, f.report().droppedCount());
    assertEquals(Map.of("shorter than 1.0 s", 2L, "longer than 20.0 s", 2L), f.report().dropped());
    assertEquals(Map.of("unknown duration, not checked", 1L), f.report().notes());
    assertEquals(
        "duration: kept 2 of 6; dropped 4 (longer than 20.0 s: 2, shorter than 1.0 s: 2); unknown duration, not checked: 1",
        f.report().summary());
  }

  @Test
  void durationBoundsInclusiveAsNemo() {
    Filtered f = new DurationFilter(1.0, 20.0, DurationFilter.Bounds.INCLUSIVE).apply(data);
    assertEquals(List.of("b", "c", "d", "f"), ids(f));
    assertEquals(Map.of("shorter than or equal to 1.0 s", 1L, "longer than or equal to 20.0 s", 1L).size(), f.report().dropped().size());
    assertEquals(2, f.report().droppedCount());
    assertThrows(IllegalArgumentException.class, () -> new DurationFilter(5, 1, DurationFilter.Bounds.INCLUSIVE));
  }

  @Test
  void emptyTranscriptsAreDroppedAndCounted() {
    List<Utterance> texts =
        List.of(utterance("a", "", 1), utterance("b", "  \t", 1), utterance("c", "\u00a0", 1), utterance("d", "OK", 1));
    Filtered f = new EmptyTranscriptFilter().apply(texts);
    assertEquals(List.of("d"), ids(f));
    assertEquals(Map.of("empty transcript", 3L), f.report().dropped());
  }

  @Test
  void maxSamplesKeepsTheFirst() {
    Filtered f = new MaxSamples(4).apply(data);
    assertEquals(List.of("a", "b", "c", "d"), ids(f));
    assertEquals(2, f.report().droppedCount());
    assertEquals(6, new MaxSamples(100).apply(data).kept().size());
    assertEquals(0, new MaxSamples(0).apply(data).kept().size());
  }

  @Test
  void transcriptNormalisationAsTheRecipe() {
    TranscriptNormalizer lower = new TranscriptNormalizer(true);
    assertEquals("hello world", lower.normalize("  HELLO \t  World \n"));
    assertEquals("a\tb", lower.normalize("A\tB"), "a single tab is not a run (re \\s\\s+)");
    assertEquals("it's", lower.normalize("IT'S"));
    assertEquals("KEEP case", new TranscriptNormalizer(false).normalize("KEEP  case "));
    List<Utterance> out = lower.apply(new ArrayList<>(data.subList(0, 2)));
    assertEquals("hello", out.get(0).text());
    assertEquals("a", out.get(0).id());
  }
}

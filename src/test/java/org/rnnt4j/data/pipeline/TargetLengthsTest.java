package org.rnnt4j.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.Utterance;

/** --min_target_length / --max_target_length keep transcripts of min..max tokens, inclusive, and say what they dropped. */
class TargetLengthsTest {
  private static PreparedSplit split(int... tokenCounts) {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < tokenCounts.length; i++) {
      Utterance u = new Utterance("u" + i, AudioRef.file(Path.of("a.wav")), "t", 1.0, SourceLocation.line("m.json", i + 1));
      examples.add(new Example(u, "t", new int[tokenCounts[i]], null, 16000));
    }
    return new PreparedSplit("train", examples, List.of(), 0);
  }

  @Test
  void boundsAreInclusiveAndReported() {
    PreparedSplit out = new TargetLengths(2, 4).apply(split(0, 1, 2, 3, 4, 5, 300));
    assertEquals(List.of("u2", "u3", "u4"), out.examples().stream().map(Example::id).toList());
    FilterReport r = out.reports().get(out.reports().size() - 1);
    assertEquals("target length", r.filter());
    assertEquals(Map.of("fewer than 2 tokens", 2L, "more than 4 tokens", 2L), Map.copyOf(r.dropped()));
  }

  @Test
  void withoutBoundsNothingIsTouched() {
    PreparedSplit in = split(0, 1000);
    assertSame(in, TargetLengths.ANY.apply(in), "the recipe declares the flags but never filters: neither do we by default");
    assertEquals(1, new TargetLengths(null, 999).apply(in).examples().size());
  }

  @Test
  void contradictoryBoundsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TargetLengths(5, 4));
    assertThrows(IllegalArgumentException.class, () -> new TargetLengths(-1, null));
  }
}

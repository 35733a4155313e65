package org.rnnt4j.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.Utterance;

/** Data-parallel ranks split each epoch's order between them, as HF's distributed samplers do. */
class BatchPlanShardTest {
  @Test
  void ranksCoverTheEpochOnceWithEqualBatchCounts() {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      Utterance u = new Utterance("u" + i, AudioRef.file(Path.of("a.wav")), "x", 1.0, SourceLocation.line("m", i + 1));
      examples.add(new Example(u, "x", new int[] {1}, null, 1000 + 37 * i % 500));
    }
    for (boolean grouped : new boolean[] {false, true}) {
      Set<String> seen = new HashSet<>();
      int visits = 0;
      for (int rank = 0; rank < 2; rank++) {
        BatchPlan plan = new BatchPlan(examples, 4, grouped, 42, rank, 2);
        assertEquals(11, plan.exampleCount(), "ceil(21 / 2), padded with the order's head");
        assertEquals(3, plan.batchesPerEpoch());
        for (List<Example> batch : plan.epoch(0)) {
          batch.forEach(e -> seen.add(e.id()));
          visits += batch.size();
        }
      }
      assertEquals(21, seen.size(), "every example is seen by some rank");
      assertEquals(22, visits, "one padded repeat");
    }
    assertEquals(21, new BatchPlan(examples, 4, true, 42).exampleCount());
  }
}

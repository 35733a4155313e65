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

  /**
   * Each rank pads a step's batch to the longest utterance and transcript of that step's global batch
   * (both ranks' batches), which are the one-process batch of twice the size: the same padding.
   */
  @Test
  void ranksPadToTheGlobalBatchWhichIsTheOneProcessBatch() {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Utterance u = new Utterance("u" + i, AudioRef.file(Path.of("a.wav")), "x", 1.0, SourceLocation.line("m", i + 1));
      examples.add(new Example(u, "x", new int[1 + (7 * i) % 5], null, 1000 + 37 * i % 500));
    }
    for (boolean grouped : new boolean[] {false, true}) {
      BatchPlan whole = new BatchPlan(examples, 4, grouped, 42);
      List<List<Example>> global = whole.epoch(3);
      for (int rank = 0; rank < 2; rank++) {
        BatchPlan plan = new BatchPlan(examples, 2, grouped, 42, rank, 2);
        List<List<Example>> mine = plan.epoch(3);
        List<BatchPlan.Padding> padding = plan.padding(3);
        assertEquals(global.size(), mine.size());
        for (int i = 0; i < mine.size(); i++) {
          assertEquals(true, global.get(i).containsAll(mine.get(i)), "step " + i + "'s batch is part of the global one");
          int samples = global.get(i).stream().mapToInt(Example::samples).max().orElseThrow();
          int labels = global.get(i).stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
          assertEquals(new BatchPlan.Padding(samples, labels), padding.get(i), "rank " + rank + " step " + i);
        }
      }
    }
  }
}

package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint a run resumes from is the newest complete one: newer directories that are truncated,
 * altered or headerless are passed over with the reason, and the folders of interrupted writes are
 * reported and, when their process is gone, removed.
 */
class CheckpointSearchTest {
  private static TrainedStates trained;

  @BeforeAll
  static void train() {
    trained = TrainedStates.build(7);
  }

  @Test
  void theNewestCompleteCheckpointWinsAndEachSkipSaysWhy(@TempDir Path out) throws Exception {
    for (int step : new int[] {3, 4, 5, 6}) {
      TrainingCheckpointWriter.write(out.resolve("checkpoint-" + step), trained.state);
    }
    // checkpoint-6 lost its header (a copy stopped half-way), checkpoint-5 a truncated optimizer file
    Files.delete(out.resolve("checkpoint-6/checkpoint.json"));
    Path optimizer = out.resolve("checkpoint-5/optimizer.safetensors");
    byte[] bytes = Files.readAllBytes(optimizer);
    Files.write(optimizer, Arrays.copyOf(bytes, bytes.length / 2));
    // an interrupted save of checkpoint-7
    Files.createDirectories(out.resolve("checkpoint-7.tmp-1234"));
    Files.writeString(out.resolve("checkpoint-7.tmp-1234/model_config.yaml"), "half");

    CheckpointSearch.Result found = CheckpointSearch.newestComplete(out);
    assertEquals(Optional.of(out.resolve("checkpoint-4")), found.checkpoint());
    List<String> skipped = found.skipped();
    assertEquals(3, skipped.size(), skipped.toString());
    assertTrue(skipped.get(0).startsWith("checkpoint-7.tmp-1234: left by an interrupted save"), skipped.get(0));
    assertTrue(skipped.get(1).startsWith("checkpoint-6: incomplete or damaged") && skipped.get(1).contains("checkpoint.json")
        && skipped.get(1).contains("missing"), skipped.get(1));
    assertTrue(skipped.get(2).startsWith("checkpoint-5: incomplete or damaged") && skipped.get(2).contains("optimizer.safetensors")
        && skipped.get(2).contains("truncated"), skipped.get(2));
  }

  @Test
  void noCheckpointAtAllIsEmpty(@TempDir Path out) throws Exception {
    assertEquals(Optional.empty(), CheckpointSearch.newestComplete(out.resolve("absent")).checkpoint());
    Files.createDirectories(out.resolve("checkpoint-2"));
    CheckpointSearch.Result found = CheckpointSearch.newestComplete(out);
    assertEquals(Optional.empty(), found.checkpoint());
    assertEquals(1, found.skipped().size());
  }

  @Test
  void leftoversOfDeadProcessesAreRemovedThoseOfLiveOnesKept(@TempDir Path out) throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    long dead = p.pid();
    long live = ProcessHandle.current().parent().orElseThrow().pid();
    Path deadTmp = Files.createDirectories(out.resolve("checkpoint-3.tmp-" + dead));
    Path deadOld = Files.createDirectories(out.resolve(".checkpoint-2.old-" + dead + "-123456"));
    Path liveTmp = Files.createDirectories(out.resolve("checkpoint-4.tmp-" + live));
    Path other = Files.createDirectories(out.resolve("runs"));
    System.out.println("dead pid " + dead + ", live pid " + live);

    assertEquals(List.of(deadOld, deadTmp, liveTmp).stream().sorted().toList(), CheckpointSearch.leftovers(out));
    assertEquals(List.of(deadOld, deadTmp).stream().sorted().toList(), CheckpointSearch.removeLeftovers(out));
    assertFalse(Files.exists(deadTmp));
    assertFalse(Files.exists(deadOld));
    assertTrue(Files.exists(liveTmp) && Files.exists(other));
  }
}

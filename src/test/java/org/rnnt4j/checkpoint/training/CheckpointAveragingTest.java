package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * icefall's {@code average_checkpoints} by hand: floats summed in order in float32 and divided by the
 * count, integers floor-divided (BatchNorm's num_batches_tracked). For w = (1, 2.5), (2, -1), (4, 0.1)
 * the mean is ((1 + 2) + 4) / 3 = 7/3 and ((2.5 - 1) + 0.1) / 3 = 1.6/3, each step rounded to float32;
 * for counts 10, 11, 13 it is floor(34 / 3) = 11.
 */
class CheckpointAveragingTest {
  private static TorchCheckpoint state(float a, float b, long count) {
    Map<String, NamedArray> m = new LinkedHashMap<>();
    m.put("w", NamedArray.ofFloats(new long[] {2}, a, b));
    m.put("bn.num_batches_tracked", NamedArray.ofLongs(new long[0], count));
    return new TorchCheckpoint(m, Map.of("", Map.of("version", 1L)));
  }

  @Test
  void meanOfThreeByHand() {
    TorchCheckpoint avg = CheckpointAveraging.average(List.of(state(1f, 2.5f, 10), state(2f, -1f, 11), state(4f, 0.1f, 13)));
    assertArrayEquals(new float[] {7f / 3, ((2.5f + -1f) + 0.1f) / 3}, avg.stateDict().get("w").toFloatArray());
    assertArrayEquals(new long[] {11}, avg.stateDict().get("bn.num_batches_tracked").toLongArray());
    assertEquals(Map.of("", Map.of("version", 1L)), avg.metadata());
  }

  @Test
  void mismatchedStatesAreRefused() {
    Map<String, NamedArray> other = new LinkedHashMap<>(state(1f, 2f, 1).stateDict());
    other.put("w", NamedArray.ofFloats(new long[] {1}, 1f));
    assertThrows(IllegalArgumentException.class, () -> CheckpointAveraging.average(List.of(state(1f, 2f, 1), TorchCheckpoint.of(other))));
  }

  @Test
  void averagingCheckpointDirectoriesOfOneStateGivesThatState(@TempDir Path out) {
    TrainedStates trained = TrainedStates.build(11);
    TrainingCheckpointWriter.write(out.resolve("checkpoint-1"), trained.state);
    TrainingCheckpointWriter.write(out.resolve("checkpoint-2"), trained.state);
    TorchCheckpoint avg = CheckpointAveraging.averageCheckpoints(List.of(out.resolve("checkpoint-1"), out.resolve("checkpoint-2")));
    // (x + x) / 2 == x exactly in floating point
    assertEquals(trained.state.model().weights().stateDict(), avg.stateDict());
  }
}

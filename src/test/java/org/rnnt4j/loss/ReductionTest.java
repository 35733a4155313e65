package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReductionTest {
  private static final double[] LOSSES = {6, 9, 12};
  private static final int[] LENGTHS = {2, 3, 1};

  @Test
  void reducesAsNemoDoes() {
    assertEquals(9, Reduction.MEAN_BATCH.reduce(LOSSES, LENGTHS), 1e-12);
    assertEquals((3 + 3 + 12) / 3.0, Reduction.MEAN.reduce(LOSSES, LENGTHS), 1e-12);
    assertEquals(27, Reduction.SUM.reduce(LOSSES, LENGTHS), 1e-12);
    assertEquals(27 / 6.0, Reduction.MEAN_VOLUME.reduce(LOSSES, LENGTHS), 1e-12);
  }

  @Test
  void weightsAreTheGradientOfTheReduction() {
    for (Reduction r :
        new Reduction[] {
          Reduction.MEAN_BATCH, Reduction.MEAN, Reduction.SUM, Reduction.MEAN_VOLUME
        }) {
      double[] w = r.gradientWeights(LENGTHS);
      double weighted = 0;
      for (int b = 0; b < LOSSES.length; b++) {
        weighted += w[b] * LOSSES[b];
      }
      assertEquals(r.reduce(LOSSES, LENGTHS), weighted, 1e-12, r.toString());
    }
    assertArrayEquals(
        new double[] {1 / 6.0, 1 / 9.0, 1 / 3.0}, Reduction.MEAN.gradientWeights(LENGTHS), 1e-15);
  }

  @Test
  void emptyTargetsGiveNemosInfinities() {
    int[] someEmpty = {2, 0, 1};
    assertEquals(Double.POSITIVE_INFINITY, Reduction.MEAN.reduce(LOSSES, someEmpty));
    assertEquals(27 / 3.0, Reduction.MEAN_VOLUME.reduce(LOSSES, someEmpty), 1e-12);
    assertEquals(
        Double.POSITIVE_INFINITY, Reduction.MEAN_VOLUME.reduce(LOSSES, new int[] {0, 0, 0}));
    assertEquals(Double.POSITIVE_INFINITY, Reduction.MEAN.gradientWeights(someEmpty)[1]);
  }

  @Test
  void parsesNemoNamesAndListsThemOnError() {
    for (Reduction r : Reduction.values()) {
      assertEquals(r, Reduction.fromNemoName(r.nemoName()));
    }
    assertEquals(Reduction.MEAN_BATCH, Reduction.fromNemoName("mean_batch"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Reduction.fromNemoName("MeanBatch"));
    assertEquals(
        "unknown RNN-T loss reduction 'MeanBatch'; expected one of mean_batch, mean, sum,"
            + " mean_volume, none",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Reduction.NONE.reduce(LOSSES, LENGTHS));
    assertThrows(IllegalArgumentException.class, () -> Reduction.SUM.reduce(LOSSES, new int[2]));
  }
}

package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * k2's {@code get_rnnt_prune_ranges}: the window follows the posterior mass, the starts always
 * leave a path, and the width is adjusted at the edges (U = 0, S < 2, T < S, S > U) as documented
 * in {@link PruneRanges}.
 */
class PruneRangesTest {
  private static final long SEED = 20251129L;

  @Test
  void windowsFollowADiagonalAlignment() {
    // One utterance, T = 6, U = 4: label u is emitted at frame u + 1, so the path is
    // (0,0) blank (1,0) label (1,1) blank (2,1) label (2,2) ... (5,4) final blank.
    int T = 6;
    int U = 4;
    double[] blank = new double[T * (U + 1)];
    double[] label = new double[T * (U + 1)];
    blank[0] = 1;
    for (int t = 1; t < T; t++) {
      int u = Math.min(t - 1, U);
      if (t - 1 < U) {
        label[t * (U + 1) + u] = 1;
      }
      blank[t * (U + 1) + Math.min(t, U)] = 1;
    }
    EdgePosteriors p =
        new EdgePosteriors(1, T, U, new double[] {0}, blank, label);
    PruneRanges r = PruneRanges.fromPosteriors(p, 2, new int[] {T}, new int[] {U});
    assertEquals(2, r.width());
    // Frame t keeps {t-1, t}: where the path enters it and where it leaves it; the last frame
    // holds U_b = 4.
    assertArrayEquals(new int[] {0, 0, 1, 2, 3, 3}, r.starts());
  }

  @Test
  void randomRangesAlwaysLeaveAPath() {
    System.out.println("PruneRangesTest seed = " + SEED);
    Random random = new Random(SEED);
    for (int trial = 0; trial < 50; trial++) {
      int B = 1 + random.nextInt(4);
      int T = 1 + random.nextInt(12);
      int U = random.nextInt(9);
      RnntInputs in = RandomBatch.create(random, B, T, U, 6, 5, 3f);
      int requested = 1 + random.nextInt(5);
      PruneRanges r =
          PruneRanges.fromPosteriors(
              LatticeRecursionTest.posteriorsOf(in), requested, in.logitLengths(),
              in.targetLengths());
      int S = r.width();
      assertEquals(
          PruneRanges.effectiveWidth(requested, U, in.logitLengths(), in.targetLengths()), S);
      for (int b = 0; b < B; b++) {
        int Tb = in.logitLengths()[b];
        int Ub = in.targetLengths()[b];
        assertEquals(0, r.start(b, 0));
        for (int t = 0; t < T; t++) {
          assertTrue(r.start(b, t) >= 0 && r.start(b, t) + S <= U + 1, "inside 0..U");
          if (t > 0 && t < Tb) {
            int step = r.start(b, t) - r.start(b, t - 1);
            assertTrue(step >= 0 && step < S, "step " + step + " with S = " + S);
          }
        }
        assertTrue(r.start(b, Tb - 1) + S - 1 >= Ub, "last window holds U_b");
      }
      // PrunedRnntInputs re-checks all of the above.
      PrunedRnntLossTest.prune(in, r);
    }
  }

  @Test
  void widthAtTheEdges() {
    int[] frames = {10, 4};
    // S > U: every position is kept, as k2's s_range = S + 1 ("no pruning").
    assertEquals(6, PruneRanges.effectiveWidth(9, 5, frames, new int[] {5, 2}));
    // S = 1 with labels: no label could be emitted inside a frame; raised to 2 as k2 does.
    assertEquals(2, PruneRanges.effectiveWidth(1, 5, frames, new int[] {5, 2}));
    // U = 0 everywhere: one position is the whole lattice (k2 would fail its S >= 2 assertion).
    assertEquals(1, PruneRanges.effectiveWidth(1, 0, frames, new int[] {0, 0}));
    assertEquals(1, PruneRanges.effectiveWidth(4, 0, frames, new int[] {0, 0}));
    // T_b < U_b: 9 labels in 4 frames need ceil(9/4) + 1 = 4 positions per frame.
    assertEquals(4, PruneRanges.effectiveWidth(2, 9, frames, new int[] {3, 9}));
    // T < S is no problem for the regular transducer: S stays as asked.
    assertEquals(5, PruneRanges.effectiveWidth(5, 9, new int[] {2, 3}, new int[] {3, 3}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PruneRanges.effectiveWidth(0, 5, frames, new int[] {5, 2}));
    assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
  }
}

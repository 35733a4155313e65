package org.rnnt4j.data.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplersTest {
  private static final long SEED = 1234;

  @Test
  void mersenneTwisterMatchesStdMt19937() {
    // C++ [rand.predef]: the 10000th output of a default-constructed std::mt19937 (seed 5489) is 4123659995
    Mt19937 mt = new Mt19937(5489);
    assertEquals(3499211612L, mt.nextUnsigned32());
    assertEquals(581869302L, mt.nextUnsigned32());
    long value = 0;
    for (int i = 3; i <= 10000; i++) {
      value = mt.nextUnsigned32();
    }
    assertEquals(4123659995L, value);
    // torch keeps the low 32 bits of the seed
    assertEquals(new Mt19937(7).nextUnsigned32(), new Mt19937(7 + (1L << 32)).nextUnsigned32());
  }

  @Test
  void randpermIsAPermutationAndSeeded() {
    int[] p = new Mt19937(SEED).randperm(1000);
    assertPermutation(p, 1000);
    assertArrayEquals(p, new Mt19937(SEED).randperm(1000));
    assertFalse(Arrays.equals(p, new Mt19937(SEED + 1).randperm(1000)));
    assertArrayEquals(new int[0], new Mt19937(SEED).randperm(0));
    assertArrayEquals(new int[] {0}, new Mt19937(SEED).randperm(1));
  }

  @Test
  void sequentialAndShuffled() {
    assertArrayEquals(new int[] {0, 1, 2, 3}, new SequentialSampler(4).order(7));
    ShuffledSampler shuffled = new ShuffledSampler(50, SEED);
    assertArrayEquals(shuffled.order(3), new ShuffledSampler(50, SEED).order(3), "same seed and epoch, same order");
    assertFalse(Arrays.equals(shuffled.order(0), shuffled.order(1)), "a new order each epoch");
    assertArrayEquals(new Mt19937(SEED + 2).randperm(50), shuffled.order(2), "DistributedSampler: randperm seeded with seed + epoch");
    assertPermutation(shuffled.order(5), 50);
  }

  @Test
  void lengthGroupingHasHfProperties() {
    Random random = new Random(SEED);
    double[] lengths = new double[1003];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = 1 + random.nextInt(2000) / 100.0;
    }
    int batch = 8;
    LengthGroupedSampler sampler = new LengthGroupedSampler(lengths, batch, 0, SEED);
    assertEquals(31, sampler.megaBatchMultiplier(), "min(1003 / (8 * 4), 50)");
    int mega = 31 * batch;
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] order = sampler.order(epoch);
      assertPermutation(order, lengths.length);
      assertArrayEquals(order, new LengthGroupedSampler(lengths, batch, 0, SEED).order(epoch), "deterministic");
      double max = Arrays.stream(lengths).max().orElseThrow();
      assertEquals(max, lengths[order[0]], "the longest utterance comes first");
      // within each mega-batch, lengths descend except where the longest was swapped in at the head
      for (int start = 0; start < order.length; start += mega) {
        int end = Math.min(order.length, start + mega);
        for (int i = start + 2; i < end; i++) {
          assertTrue(lengths[order[i - 1]] >= lengths[order[i]], "epoch " + epoch + " position " + i);
        }
      }
      // mega-batches hold the indices of consecutive slices of the seeded permutation, except that the
      // heads of mega-batch 0 and of the one holding the maximum trade places
      int[] permutation = new Mt19937(SEED + epoch).randperm(lengths.length);
      int differing = 0;
      for (int start = 0; start < order.length; start += mega) {
        int end = Math.min(order.length, start + mega);
        Set<Integer> expected = new HashSet<>();
        Set<Integer> got = new HashSet<>();
        for (int i = start; i < end; i++) {
          expected.add(permutation[i]);
          got.add(order[i]);
        }
        if (!got.equals(expected)) {
          differing++;
          expected.removeAll(got);
          assertEquals(1, expected.size(), "mega-batch at " + start);
        }
      }
      assertTrue(differing == 0 || differing == 2, "differing mega-batches: " + differing);
    }
    assertFalse(Arrays.equals(sampler.order(0), sampler.order(1)));
  }

  @Test
  void lengthGroupingSmallCaseByHand() {
    // one mega-batch (multiplier 1, batch 4): the whole permutation sorted longest first, ties in permutation order
    double[] lengths = {3, 1, 4, 1};
    int[] permutation = new Mt19937(SEED).randperm(4);
    int[] order = new LengthGroupedSampler(lengths, 4, 0, SEED).order(0);
    assertEquals(2, order[0]);
    assertEquals(0, order[1]);
    int firstOne = -1;
    for (int p : permutation) {
      if (p == 1 || p == 3) {
        firstOne = p;
        break;
      }
    }
    assertEquals(firstOne, order[2], "stable sort keeps equal lengths in permutation order");
    assertThrows(IllegalArgumentException.class, () -> new LengthGroupedSampler(new double[] {1, Double.NaN}, 2, 0, SEED));
  }

  @Test
  void distributedShardsAreStridedAndPadded() {
    Sampler seq = new SequentialSampler(10);
    assertArrayEquals(new int[] {0, 3, 6, 9}, new DistributedShard(seq, 0, 3, false).indices(0));
    assertArrayEquals(new int[] {1, 4, 7, 0}, new DistributedShard(seq, 1, 3, false).indices(0), "padded with the head");
    assertArrayEquals(new int[] {2, 5, 8, 1}, new DistributedShard(seq, 2, 3, false).indices(0));
    assertArrayEquals(new int[] {1, 4, 7}, new DistributedShard(seq, 1, 3, true).indices(0), "dropLast cuts the tail");
    assertEquals(3, new DistributedShard(seq, 0, 3, true).samplesPerRank());
    assertArrayEquals(new int[] {0}, new DistributedShard(new SequentialSampler(1), 2, 3, false).indices(0), "tiny datasets repeat");
    ShuffledSampler shuffled = new ShuffledSampler(101, SEED);
    Set<Integer> union = new HashSet<>();
    int[] global = shuffled.order(4);
    for (int rank = 0; rank < 4; rank++) {
      int[] mine = new DistributedShard(shuffled, rank, 4, false).indices(4);
      assertEquals(26, mine.length);
      assertEquals(global[rank], mine[0]);
      assertEquals(global[rank + 4], mine[1]);
      Arrays.stream(mine).forEach(union::add);
    }
    assertEquals(101, union.size(), "every index is seen by some rank");
    assertThrows(IllegalArgumentException.class, () -> new DistributedShard(seq, 3, 3, false));
  }

  private static void assertPermutation(int[] order, int n) {
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      assertEquals(i, sorted[i]);
    }
    assertEquals(n, order.length);
  }
}

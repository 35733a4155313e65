package org.rnnt4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares the S/D/I split with rapidfuzz-cpp's editops on 300 random cases (golden file written by
 * src/test/resources/metrics/make_editops_goldens.cpp), and the distance with a plain dynamic program.
 */
class RapidfuzzAlignmentTest {
  @Test
  void countsMatchRapidfuzzEditops() throws IOException {
    int cases = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(getClass().getResourceAsStream("/metrics/editops_goldens.tsv"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        int[] ref = tokens(f[0]);
        int[] hyp = tokens(f[1]);
        ErrorCounts got = RapidfuzzAlignment.count(ref, hyp);
        String where = "case " + cases + ": " + line;
        assertEquals(Long.parseLong(f[2]), got.substitutions(), where);
        assertEquals(Long.parseLong(f[3]), got.deletions(), where);
        assertEquals(Long.parseLong(f[4]), got.insertions(), where);
        cases++;
      }
    }
    assertEquals(300, cases);
  }

  @Test
  void distanceIsTheLevenshteinDistance() {
    long seed = 20240611L;
    Random random = new Random(seed);
    for (int t = 0; t < 500; t++) {
      int[] a = random.ints(random.nextInt(30), 0, 4).toArray();
      int[] b = random.ints(random.nextInt(30), 0, 4).toArray();
      ErrorCounts c = RapidfuzzAlignment.count(a, b);
      String where = "seed " + seed + " case " + t + ": " + Arrays.toString(a) + " vs " + Arrays.toString(b);
      assertEquals(referenceDistance(a, b), c.errors(), where);
      assertEquals(a.length, c.referenceLength(), where);
      assertEquals(b.length, c.hypothesisLength(), where);
    }
  }

  @Test
  void edgeCases() {
    assertEquals(ErrorCounts.ZERO, RapidfuzzAlignment.count(new int[0], new int[0]));
    assertEquals(ErrorCounts.of(0, 3, 0, 0), RapidfuzzAlignment.count(new int[] {1, 2, 3}, new int[0]));
    assertEquals(ErrorCounts.of(0, 0, 2, 0), RapidfuzzAlignment.count(new int[0], new int[] {1, 2}));
    int[] long1 = new Random(7).ints(300, 0, 3).toArray();
    ErrorCounts same = RapidfuzzAlignment.count(long1, long1.clone());
    assertEquals(ErrorCounts.of(0, 0, 0, 300), same);
    assertTrue(RapidfuzzAlignment.count(long1, new int[] {9}).errors() == 300);
  }

  private static int[] tokens(String field) {
    return field.isEmpty() ? new int[0] : Arrays.stream(field.split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  /** Textbook O(nm) edit distance, the slow obviously-correct reference. */
  private static long referenceDistance(int[] a, int[] b) {
    int[][] d = new int[a.length + 1][b.length + 1];
    for (int i = 0; i <= a.length; i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length; j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length; i++) {
      for (int j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.min(d[i - 1][j], d[i][j - 1]) + 1);
      }
    }
    return d[a.length][b.length];
  }
}

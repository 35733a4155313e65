package org.rnnt4j.metrics;

/**
 * Counts substitutions, deletions, insertions and hits of one Levenshtein alignment of two token sequences,
 * choosing among equally short alignments the one rapidfuzz's {@code Levenshtein.editops} chooses, because
 * jiwer 3.x reports its S/D/I/H from that alignment (the rate itself is the same for every shortest one).
 *
 * <p>rapidfuzz first drops the common prefix and suffix (all hits), then walks back from the end of a
 * bit-parallel (Hyyrö 2003) matrix of vertical differences {@code D[i][j] - D[i-1][j]}, where {@code i}
 * counts reference tokens and {@code j} hypothesis tokens: it takes a deletion where that difference is +1,
 * else steps one hypothesis token back and takes an insertion where the difference there is -1, else a
 * diagonal step (hit or substitution). We keep the same two bits per cell, so memory is {@code 2 n m} bits.
 * rapidfuzz splits very large problems (about 2,000 by 2,000 tokens and up) with Hirschberg's method, which
 * may break ties differently; below that the counts are identical (checked against rapidfuzz-cpp's own
 * output in the tests).
 */
final class RapidfuzzAlignment {
  private RapidfuzzAlignment() {}

  /** An edit operation of the alignment, in reading order. */
  enum Op {
    HIT,
    SUBSTITUTION,
    DELETION,
    INSERTION
  }

  static ErrorCounts count(int[] reference, int[] hypothesis) {
    long substitutions = 0;
    long deletions = 0;
    long insertions = 0;
    for (Op op : operations(reference, hypothesis)) {
      switch (op) {
        case SUBSTITUTION -> substitutions++;
        case DELETION -> deletions++;
        case INSERTION -> insertions++;
        case HIT -> { }
      }
    }
    long hits = reference.length - substitutions - deletions;
    return ErrorCounts.of(substitutions, deletions, insertions, hits);
  }

  /** The alignment's operations from the first tokens to the last (hits included). */
  static java.util.List<Op> operations(int[] reference, int[] hypothesis) {
    java.util.ArrayList<Op> backwards = new java.util.ArrayList<>();
    int prefix = 0;
    while (prefix < reference.length && prefix < hypothesis.length && reference[prefix] == hypothesis[prefix]) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < reference.length - prefix
        && suffix < hypothesis.length - prefix
        && reference[reference.length - 1 - suffix] == hypothesis[hypothesis.length - 1 - suffix]) {
      suffix++;
    }
    int n = reference.length - prefix - suffix;
    int m = hypothesis.length - prefix - suffix;
    for (int k = 0; k < suffix; k++) {
      backwards.add(Op.HIT);
    }
    if (n > 0 && m > 0) {
      int words = (n + 63) >>> 6;
      long[][] plus = new long[m][words]; // bit i-1 of column j-1: D[i][j] - D[i-1][j] == +1
      long[][] minus = new long[m][words]; // ... == -1
      int[] previous = new int[n + 1];
      int[] current = new int[n + 1];
      for (int i = 0; i <= n; i++) {
        previous[i] = i;
      }
      for (int j = 1; j <= m; j++) {
        int token = hypothesis[prefix + j - 1];
        current[0] = j;
        for (int i = 1; i <= n; i++) {
          int diagonal = previous[i - 1] + (reference[prefix + i - 1] == token ? 0 : 1);
          current[i] = Math.min(diagonal, Math.min(previous[i], current[i - 1]) + 1);
          int vertical = current[i] - current[i - 1];
          if (vertical == 1) {
            plus[j - 1][(i - 1) >>> 6] |= 1L << ((i - 1) & 63);
          } else if (vertical == -1) {
            minus[j - 1][(i - 1) >>> 6] |= 1L << ((i - 1) & 63);
          }
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      int col = n;
      int row = m;
      while (row > 0 && col > 0) {
        if (bit(plus[row - 1], col - 1)) {
          backwards.add(Op.DELETION);
          col--;
        } else {
          row--;
          if (row > 0 && bit(minus[row - 1], col - 1)) {
            backwards.add(Op.INSERTION);
          } else {
            col--;
            backwards.add(reference[prefix + col] != hypothesis[prefix + row] ? Op.SUBSTITUTION : Op.HIT);
          }
        }
      }
      // what is left at the start: deletions of the reference or insertions of the hypothesis
      for (int k = 0; k < col; k++) {
        backwards.add(Op.DELETION);
      }
      for (int k = 0; k < row; k++) {
        backwards.add(Op.INSERTION);
      }
    } else {
      for (int k = 0; k < m; k++) {
        backwards.add(Op.INSERTION);
      }
      for (int k = 0; k < n; k++) {
        backwards.add(Op.DELETION);
      }
    }
    for (int k = 0; k < prefix; k++) {
      backwards.add(Op.HIT);
    }
    java.util.Collections.reverse(backwards);
    return backwards;
  }

  private static boolean bit(long[] bits, int index) {
    return (bits[index >>> 6] & (1L << (index & 63))) != 0;
  }
}

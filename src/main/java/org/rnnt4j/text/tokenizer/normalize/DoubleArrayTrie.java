package org.rnnt4j.text.tokenizer.normalize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A read-only Darts-clone double-array trie over byte strings, as stored in SentencePiece's
 * precompiled character maps. Only lookup is needed: the arrays come from the model file.
 *
 * <p>Each 32-bit unit packs a label (bits 0-7, plus bit 31 for leaves), a has-leaf flag (bit 8) and
 * an offset to the children (bits 10-31, shifted left by 8 when bit 9 is set); a leaf unit holds
 * the value in its low 31 bits. A child for byte {@code b} of node {@code p} lives at {@code p ^
 * offset(p) ^ b}. This layout is the one of darts-clone 0.32 ({@code darts.h}).
 */
public final class DoubleArrayTrie {
  private final int[] units;

  /**
   * @param blob little-endian 32-bit units
   */
  DoubleArrayTrie(byte[] blob, int offset, int length) {
    if (length % 4 != 0) {
      throw new IllegalArgumentException(
          "double-array blob length must be a multiple of 4, got " + length);
    }
    units = new int[length / 4];
    ByteBuffer.wrap(blob, offset, length).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(units);
  }

  int size() {
    return units.length;
  }

  private static boolean hasLeaf(int unit) {
    return ((unit >>> 8) & 1) == 1;
  }

  private static int value(int unit) {
    return unit & 0x7FFFFFFF;
  }

  private static int label(int unit) {
    return unit & (0x80000000 | 0xFF);
  }

  private static int offset(int unit) {
    return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
  }

  /**
   * The longest key that prefixes {@code key[from, to)} among the first {@code maxResults} matches
   * (shortest first), as a caller of darts' {@code commonPrefixSearch} with a result array of that
   * size sees it.
   *
   * @return {@code (length << 32) | value}, or -1 when no key matches
   */
  long longestPrefix(byte[] key, int from, int to, int maxResults) {
    if (units.length == 0) {
      return -1;
    }
    long best = -1;
    int found = 0;
    int nodePos = offset(units[0]);
    for (int i = from; i < to && found < maxResults; i++) {
      int b = key[i] & 0xFF;
      nodePos ^= b;
      if (nodePos >= units.length) {
        return best;
      }
      int unit = units[nodePos];
      if (label(unit) != b) {
        return best;
      }
      nodePos ^= offset(unit);
      if (hasLeaf(unit)) {
        if (nodePos >= units.length) {
          return best;
        }
        best = ((long) (i - from + 1) << 32) | value(units[nodePos]);
        found++;
      }
    }
    return best;
  }
}

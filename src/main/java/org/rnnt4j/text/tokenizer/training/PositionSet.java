package org.rnnt4j.text.tokenizer.training;

import java.util.Arrays;

/**
 * A sorted set of encoded positions (the {@code std::set<uint64_t>} of a BPE training symbol), kept
 * as a growable {@code long[]} that is sorted and deduplicated lazily: positions are mostly
 * appended, and read in order only when a frequency is recomputed or the symbol is merged.
 */
public final class PositionSet {
  private long[] values = new long[4];
  private int size;
  private boolean sorted = true;

  void add(long position) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    if (size > 0 && values[size - 1] >= position) {
      sorted = false;
    }
    values[size++] = position;
  }

  /** Sorts and removes duplicates; call before {@link #get}. */
  void sort() {
    if (sorted) {
      return;
    }
    Arrays.sort(values, 0, size);
    int w = 0;
    for (int i = 0; i < size; i++) {
      if (w == 0 || values[w - 1] != values[i]) {
        values[w++] = values[i];
      }
    }
    size = w;
    sorted = true;
  }

  int size() {
    return size;
  }

  long get(int i) {
    return values[i];
  }

  /** Keeps the first {@code n} entries after an in-place compaction by the caller. */
  void truncate(int n) {
    size = n;
  }

  void set(int i, long value) {
    values[i] = value;
  }
}

package org.rnnt4j.decoding.search;

import java.util.Arrays;

/**
 * An immutable token sequence (ids, no blanks): a hypothesis' transcript and the key of the prediction
 * network's output for it. NeMo's {@code y_sequence} is this sequence with the blank (start) symbol in
 * front, so NeMo's {@code len(y_sequence)} is {@link #length()} + 1.
 */
public final class TokenSequence {
  private static final TokenSequence EMPTY = new TokenSequence(new int[0]);

  private final int[] ids;
  private final int hash;

  private TokenSequence(int[] ids) {
    this.ids = ids;
    this.hash = Arrays.hashCode(ids);
  }

  public static TokenSequence empty() {
    return EMPTY;
  }

  public int length() {
    return ids.length;
  }

  public int get(int i) {
    return ids[i];
  }

  /** The last token; the sequence must not be empty. */
  public int last() {
    return ids[ids.length - 1];
  }

  public TokenSequence append(int token) {
    int[] next = Arrays.copyOf(ids, ids.length + 1);
    next[ids.length] = token;
    return new TokenSequence(next);
  }

  /** The first {@code n} tokens. */
  public TokenSequence prefix(int n) {
    return n == ids.length ? this : new TokenSequence(Arrays.copyOf(ids, n));
  }

  /** NeMo's {@code is_prefix(x=this, pref=other)}: {@code other} is a proper prefix of this sequence. */
  public boolean hasProperPrefix(TokenSequence other) {
    if (other.ids.length >= ids.length) {
      return false;
    }
    return Arrays.equals(ids, 0, other.ids.length, other.ids, 0, other.ids.length);
  }

  public int[] toArray() {
    return ids.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenSequence s && s.hash == hash && Arrays.equals(s.ids, ids);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return Arrays.toString(ids);
  }
}

package org.rnnt4j.util;

/**
 * The pseudo-random sequence of {@code java.util.Random} (Knuth's 48-bit linear congruential generator,
 * as its javadoc specifies it) with a state that can be read and set, so a training checkpoint can hold
 * it. {@code java.util.Random} keeps its state private; this class draws the same numbers from the same
 * seed, so code that switched to it keeps its earlier draws.
 *
 * <p>Not thread-safe: one owner draws from it.
 */
public final class CapturableRandom {
  private static final long MULTIPLIER = 0x5DEECE66DL;
  private static final long ADDEND = 0xBL;
  private static final long MASK = (1L << 48) - 1;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long state;

  /** The generator {@code new java.util.Random(seed)} is. */
  public CapturableRandom(long seed) {
    this.state = (seed ^ MULTIPLIER) & MASK;
  }

  /** A generator continuing from {@code state}, a value {@link #state()} returned. */
  public static CapturableRandom fromState(long state) {
    Checks.argument(state >= 0 && state <= MASK, "a 48-bit generator state must be in [0, 2^48), got %s", state);
    CapturableRandom r = new CapturableRandom(0);
    r.state = state;
    return r;
  }

  /** The 48-bit state: the next draws are a function of it alone. */
  public long state() {
    return state;
  }

  private int next(int bits) {
    state = (state * MULTIPLIER + ADDEND) & MASK;
    return (int) (state >>> (48 - bits));
  }

  /** Uniform in [0, 1), as {@code java.util.Random.nextDouble()}. */
  public double nextDouble() {
    return (((long) next(26) << 27) + next(27)) * DOUBLE_UNIT;
  }

  /** As {@code java.util.Random.nextInt()}. */
  public int nextInt() {
    return next(32);
  }
}

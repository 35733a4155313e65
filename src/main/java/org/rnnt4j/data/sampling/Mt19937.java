package org.rnnt4j.data.sampling;

/**
 * The 32-bit Mersenne Twister (Matsumoto and Nishimura 1998) seeded as C++'s {@code std::mt19937(seed)}
 * and PyTorch's CPU generator ({@code torch.Generator().manual_seed(seed)}, which keeps the low 32 bits of
 * the seed), so that {@link #randperm} reproduces {@code torch.randperm(n, generator=g)} on CPU: the
 * samplers then give the same orders as HF's {@code DistributedLengthGroupedSampler}/torch's {@code
 * DistributedSampler} for the same seed. Not thread-safe.
 */
public final class Mt19937 {
  private static final int N = 624;
  private static final int M = 397;

  private final int[] state = new int[N];
  private int index;

  Mt19937(long seed) {
    state[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  /** The next output as an unsigned 32-bit value. */
  long nextUnsigned32() {
    if (index >= N) {
      twist();
    }
    int y = state[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xffffffffL;
  }

  /**
   * {@code torch.randperm(n)} on CPU: start from {@code 0..n-1} and for {@code i = 0..n-2} swap element
   * {@code i} with element {@code i + random() % (n - i)} (ATen's {@code randperm_cpu}, used for {@code n <
   * 2^32 / 20}).
   */
  int[] randperm(int n) {
    if (n < 0 || n >= 0xffffffffL / 20) {
      throw new IllegalArgumentException("randperm supports 0 <= n < 214748364, got " + n);
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    for (int i = 0; i < n - 1; i++) {
      int z = (int) (nextUnsigned32() % (n - i));
      int swap = out[i];
      out[i] = out[z + i];
      out[z + i] = swap;
    }
    return out;
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (state[i] & 0x80000000) | (state[(i + 1) % N] & 0x7fffffff);
      int next = state[(i + M) % N] ^ (y >>> 1);
      state[i] = (y & 1) != 0 ? next ^ 0x9908b0df : next;
    }
    index = 0;
  }
}

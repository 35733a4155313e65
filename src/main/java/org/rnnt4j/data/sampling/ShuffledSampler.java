package org.rnnt4j.data.sampling;

import org.rnnt4j.util.Checks;

/**
 * A fresh random permutation each epoch, {@code torch.randperm(n)} from a generator seeded with {@code seed
 * + epoch}: the order torch's {@code DistributedSampler(shuffle=True, seed=seed)} takes before sharding.
 */
public final class ShuffledSampler implements Sampler {
  private final int size;
  private final long seed;

  public ShuffledSampler(int size, long seed) {
    Checks.argument(size >= 0, "dataset size must be >= 0, got %s", size);
    this.size = size;
    this.seed = seed;
  }

  @Override
  public int[] order(int epoch) {
    return new Mt19937(seed + epoch).randperm(size);
  }

  @Override
  public int size() {
    return size;
  }
}

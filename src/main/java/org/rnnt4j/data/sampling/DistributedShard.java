package org.rnnt4j.data.sampling;

import org.rnnt4j.util.Checks;

/**
 * One data-parallel rank's share of a sampler's order, taken as torch's {@code DistributedSampler} (and
 * HF's {@code DistributedLengthGroupedSampler}) take it: strided, rank {@code r} of {@code w} gets positions
 * {@code r, r + w, r + 2w, ...} of the epoch's order, so neighbouring (similar-length) indices go to
 * different ranks at the same step. Without {@code dropLast} the order is first padded with its own head
 * to a multiple of {@code w} (a few utterances are seen twice); with it the tail is cut.
 */
public final class DistributedShard {
  private final Sampler sampler;
  private final int rank;
  private final int worldSize;
  private final boolean dropLast;

  public DistributedShard(Sampler sampler, int rank, int worldSize, boolean dropLast) {
    Checks.argument(worldSize >= 1, "world size must be >= 1, got %s", worldSize);
    Checks.argument(rank >= 0 && rank < worldSize, "rank must be in [0, %s), got %s", worldSize, rank);
    this.sampler = Checks.notNull(sampler, "sampler");
    this.rank = rank;
    this.worldSize = worldSize;
    this.dropLast = dropLast;
  }

  /** Indices each rank visits per epoch: {@code ceil(n / w)}, or {@code floor(n / w)} with dropLast. */
  public int samplesPerRank() {
    int n = sampler.size();
    return dropLast && n % worldSize != 0 ? (n - worldSize + worldSize - 1) / worldSize : (n + worldSize - 1) / worldSize;
  }

  /** This rank's indices for the epoch, in visiting order. */
  public int[] indices(int epoch) {
    int[] order = sampler.order(epoch);
    int perRank = samplesPerRank();
    int total = perRank * worldSize;
    int[] padded = new int[total];
    for (int i = 0; i < total; i++) {
      padded[i] = order.length == 0 ? 0 : order[i % order.length];
    }
    int[] out = new int[perRank];
    for (int i = 0; i < perRank; i++) {
      out[i] = padded[rank + i * worldSize];
    }
    return out;
  }
}

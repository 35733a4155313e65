package org.rnnt4j.data.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.data.sampling.DistributedShard;
import org.rnnt4j.data.sampling.LengthGroupedSampler;
import org.rnnt4j.data.sampling.Sampler;
import org.rnnt4j.data.sampling.ShuffledSampler;

/**
 * The training batches of each epoch: a seeded shuffle, or with {@code --group_by_length} Hugging Face's
 * length-grouped order (mega-batches sorted by length), cut into batches of the per-device size; the
 * last batch may be smaller, as HF's DataLoader keeps it. With several data-parallel ranks, each rank takes
 * its strided share of the epoch's order ({@link DistributedShard}, as HF's {@code
 * DistributedLengthGroupedSampler}), padded with the order's head so every rank has as many batches.
 */
public final class BatchPlan {
  private final List<Example> examples;
  private final int batchSize;
  private final Sampler sampler;
  private final DistributedShard shard;

  public BatchPlan(List<Example> examples, int batchSize, boolean groupByLength, long seed) {
    this(examples, batchSize, groupByLength, seed, 0, 1);
  }

  /** One data-parallel rank's plan: rank {@code rank} of {@code worldSize}. */
  public BatchPlan(List<Example> examples, int batchSize, boolean groupByLength, long seed, int rank, int worldSize) {
    this.examples = List.copyOf(examples);
    this.batchSize = batchSize;
    if (groupByLength) {
      double[] lengths = new double[examples.size()];
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = examples.get(i).samples();
      }
      this.sampler = new LengthGroupedSampler(lengths, batchSize, 50, seed);
    } else {
      this.sampler = new ShuffledSampler(examples.size(), seed);
    }
    this.shard = worldSize > 1 ? new DistributedShard(sampler, rank, worldSize, false) : null;
  }

  /** Examples this rank visits per epoch. */
  public int exampleCount() {
    return shard == null ? examples.size() : shard.samplesPerRank();
  }

  public long batchesPerEpoch() {
    return (exampleCount() + batchSize - 1) / batchSize;
  }

  public List<List<Example>> epoch(int epoch) {
    int[] order = shard == null ? sampler.order(epoch) : shard.indices(epoch);
    List<List<Example>> batches = new ArrayList<>();
    for (int s = 0; s < order.length; s += batchSize) {
      List<Example> b = new ArrayList<>();
      for (int i = s; i < Math.min(order.length, s + batchSize); i++) {
        b.add(examples.get(order[i]));
      }
      batches.add(b);
    }
    return batches;
  }
}

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
  private final List<DistributedShard> allShards;
  private final int worldSize;

  /**
   * The length a step's batch is padded to on every rank: the longest waveform and transcript of the
   * global batch (all ranks' batches of that step), so that each rank pads as one process would.
   */
  public record Padding(int samples, int labels) {}

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
      // mega-batches of the global batch (every rank's): one order whatever the number of ranks, so a run
      // resumed with another world size continues it (HF sizes them by one process's batch)
      this.sampler = new LengthGroupedSampler(lengths, batchSize * worldSize, 50, seed);
    } else {
      this.sampler = new ShuffledSampler(examples.size(), seed);
    }
    this.shard = worldSize > 1 ? new DistributedShard(sampler, rank, worldSize, false) : null;
    List<DistributedShard> shards = new ArrayList<>();
    for (int r = 0; worldSize > 1 && r < worldSize; r++) {
      shards.add(new DistributedShard(sampler, r, worldSize, false));
    }
    this.allShards = List.copyOf(shards);
    this.worldSize = worldSize;
  }

  public int worldSize() {
    return worldSize;
  }

  /** Examples this rank visits per epoch. */
  public int exampleCount() {
    return shard == null ? examples.size() : shard.samplesPerRank();
  }

  public long batchesPerEpoch() {
    return (exampleCount() + batchSize - 1) / batchSize;
  }

  public List<List<Example>> epoch(int epoch) {
    return cut(shard == null ? sampler.order(epoch) : shard.indices(epoch));
  }

  /** Per batch of {@link #epoch}, the global batch's padding (with one rank: its own longest). */
  public List<Padding> padding(int epoch) {
    List<List<List<Example>>> ranks = new ArrayList<>();
    if (allShards.isEmpty()) {
      ranks.add(epoch(epoch));
    } else {
      for (DistributedShard s : allShards) {
        ranks.add(cut(s.indices(epoch)));
      }
    }
    List<Padding> out = new ArrayList<>();
    for (int i = 0; i < ranks.get(0).size(); i++) {
      int samples = 1;
      int labels = 0;
      for (List<List<Example>> batches : ranks) {
        for (Example e : batches.get(i)) {
          samples = Math.max(samples, e.samples());
          labels = Math.max(labels, e.tokens().length);
        }
      }
      out.add(new Padding(samples, labels));
    }
    return out;
  }

  private List<List<Example>> cut(int[] order) {
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

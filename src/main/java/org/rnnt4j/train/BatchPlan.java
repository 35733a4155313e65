package org.rnnt4j.train;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.data.LengthGroupedSampler;
import org.rnnt4j.data.Sampler;
import org.rnnt4j.data.ShuffledSampler;

/**
 * The training batches of each epoch: a seeded shuffle, or with {@code --group_by_length} Hugging Face's
 * length-grouped order (mega-batches sorted by length), cut into batches of the per-device size; the
 * last batch may be smaller, as HF's DataLoader keeps it.
 */
final class BatchPlan {
  private final List<Example> examples;
  private final int batchSize;
  private final Sampler sampler;

  BatchPlan(List<Example> examples, int batchSize, boolean groupByLength, long seed) {
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
  }

  int exampleCount() {
    return examples.size();
  }

  long batchesPerEpoch() {
    return (examples.size() + batchSize - 1) / batchSize;
  }

  List<List<Example>> epoch(int epoch) {
    int[] order = sampler.order(epoch);
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

package org.rnnt4j.data.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * Groups utterances of similar length into the same batches while keeping the order random: Hugging Face
 * Trainer's {@code get_length_grouped_indices} ({@code --group_by_length}). Each epoch, a random permutation
 * ({@code torch.randperm} seeded with {@code seed + epoch}, as {@code DistributedLengthGroupedSampler}) is
 * cut into mega-batches of {@code megaBatchMultiplier * batchSize} indices; each mega-batch is sorted by
 * length, longest first (a stable sort, so equal lengths keep their random order); finally the longest
 * utterance of all is swapped with the first index of the first mega-batch, so the largest batch comes
 * first and an out-of-memory error shows at step 1, not hours later.
 *
 * <p>HF's default multiplier is {@code min(n / (4 * batchSize), 50)}, at least 1: 50 for large datasets,
 * fewer for small ones so that there are about 4 mega-batches.
 */
public final class LengthGroupedSampler implements Sampler {
  private final double[] lengths;
  private final int batchSize;
  private final int megaBatchMultiplier;
  private final long seed;

  /**
   * @param lengths one length per utterance (seconds or samples; only the order matters)
   * @param batchSize the per-step batch size ({@code per_device_train_batch_size * gradient_accumulation_steps}
   *     in HF's Trainer)
   * @param megaBatchMultiplier mega-batch size in batches, or 0 for HF's default
   */
  public LengthGroupedSampler(double[] lengths, int batchSize, int megaBatchMultiplier, long seed) {
    Checks.argument(batchSize >= 1, "batch size must be >= 1, got %s", batchSize);
    Checks.argument(megaBatchMultiplier >= 0, "mega-batch multiplier must be >= 0 (0 = HF default), got %s", megaBatchMultiplier);
    for (int i = 0; i < lengths.length; i++) {
      Checks.argument(!Double.isNaN(lengths[i]), "length of utterance %s is unknown (NaN); decode or measure it first", i);
    }
    this.lengths = lengths.clone();
    this.batchSize = batchSize;
    this.megaBatchMultiplier = megaBatchMultiplier == 0 ? Math.max(1, Math.min(lengths.length / (batchSize * 4), 50)) : megaBatchMultiplier;
    this.seed = seed;
  }

  /** HF's default multiplier for this dataset and batch size. */
  public int megaBatchMultiplier() {
    return megaBatchMultiplier;
  }

  @Override
  public int[] order(int epoch) {
    int n = lengths.length;
    int[] permutation = new Mt19937(seed + epoch).randperm(n);
    int megaBatchSize = megaBatchMultiplier * batchSize;
    List<List<Integer>> megaBatches = new ArrayList<>();
    for (int start = 0; start < n; start += megaBatchSize) {
      List<Integer> megaBatch = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + megaBatchSize); i++) {
        megaBatch.add(permutation[i]);
      }
      megaBatch.sort(Comparator.comparingDouble((Integer i) -> lengths[i]).reversed());
      megaBatches.add(megaBatch);
    }
    if (!megaBatches.isEmpty()) {
      int longest = 0; // first mega-batch whose head is the overall maximum, as torch.argmax
      for (int b = 1; b < megaBatches.size(); b++) {
        if (lengths[megaBatches.get(b).get(0)] > lengths[megaBatches.get(longest).get(0)]) {
          longest = b;
        }
      }
      Integer head = megaBatches.get(0).get(0);
      megaBatches.get(0).set(0, megaBatches.get(longest).get(0));
      megaBatches.get(longest).set(0, head);
    }
    int[] out = new int[n];
    int k = 0;
    for (List<Integer> megaBatch : megaBatches) {
      for (int index : megaBatch) {
        out[k++] = index;
      }
    }
    return out;
  }

  @Override
  public int size() {
    return lengths.length;
  }
}

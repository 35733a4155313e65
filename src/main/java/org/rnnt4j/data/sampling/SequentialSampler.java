package org.rnnt4j.data.sampling;

import org.rnnt4j.util.Checks;

/** Indices in dataset order, every epoch: torch's {@code SequentialSampler}, used for evaluation. */
public final class SequentialSampler implements Sampler {
  private final int size;

  public SequentialSampler(int size) {
    Checks.argument(size >= 0, "dataset size must be >= 0, got %s", size);
    this.size = size;
  }

  @Override
  public int[] order(int epoch) {
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = i;
    }
    return out;
  }

  @Override
  public int size() {
    return size;
  }
}

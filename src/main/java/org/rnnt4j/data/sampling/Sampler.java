package org.rnnt4j.data.sampling;

/**
 * The order in which a data-parallel rank visits a dataset's utterances in one epoch. Implementations are
 * deterministic functions of their seed and the epoch, so a run resumed at epoch {@code e} (and a position
 * within it) sees exactly the order it would have seen.
 */
public interface Sampler {
  /** Dataset indices for this epoch, before sharding; every index exactly once. */
  int[] order(int epoch);

  /** Dataset size the sampler was built for. */
  int size();

  /** Sequential order {@code 0..n-1}, for evaluation. */
  static Sampler sequential(int size) {
    return new SequentialSampler(size);
  }
}

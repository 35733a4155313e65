package org.rnnt4j.checkpoint.training;

import org.rnnt4j.util.Checks;

/**
 * Where the data stream stands. The batch order of an epoch is a pure function of (seed, epoch) (the
 * length-grouped sampler shuffles with a generator seeded from both), so this position plus the seed is
 * the whole Java-side sampler state: a resumed run rebuilds the epoch's order and skips {@code
 * samplesInEpoch} samples.
 *
 * <p>Samples are counted globally, summed over data-parallel ranks, so that the position does not depend
 * on how many ranks consumed them. An epoch may be recorded as fully consumed ({@code samplesInEpoch}
 * equal to its size) when the save fell on its last step; the next sample is then epoch + 1's first.
 *
 * @param seed the sampler seed ({@code --seed})
 * @param epoch the 0-based epoch the last consumed sample belongs to
 * @param samplesInEpoch samples consumed within {@code epoch}
 * @param samplesTotal samples consumed since training started, over all epochs
 */
public record SamplerPosition(long seed, long epoch, long samplesInEpoch, long samplesTotal) {
  public SamplerPosition {
    Checks.argument(epoch >= 0, "epoch must be >= 0, got %s", epoch);
    Checks.argument(samplesInEpoch >= 0, "samples in epoch must be >= 0, got %s", samplesInEpoch);
    Checks.argument(
        samplesTotal >= samplesInEpoch,
        "samples in total (%s) must be >= samples in the epoch (%s)", samplesTotal, samplesInEpoch);
  }
}

package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/**
 * The settings every beam search shares (NeMo's {@code decoding.beam} section).
 *
 * @param beamSize {@code beam_size} (default 4). With 1, NeMo's per-utterance searches ({@code beam},
 *     {@code tsd}, {@code alsd}, {@code maes}) run its greedy search instead (at most 5 tokens per frame).
 * @param scoreNorm {@code score_norm} (default true): rank hypotheses by score / (tokens + 1); the
 *     reported score stays the log-probability
 * @param returnBestHypothesis {@code return_best_hypothesis} (default true): report only the best
 *     hypothesis, not the n-best list
 */
public record BeamOptions(int beamSize, boolean scoreNorm, boolean returnBestHypothesis) {
  public static final int DEFAULT_BEAM_SIZE = 4;

  public BeamOptions {
    Checks.argument(beamSize >= 1, "beam.beam_size must be >= 1, got %s", beamSize);
  }

  public static BeamOptions defaults() {
    return new BeamOptions(DEFAULT_BEAM_SIZE, true, true);
  }

  public static BeamOptions of(int beamSize) {
    return new BeamOptions(beamSize, true, true);
  }
}

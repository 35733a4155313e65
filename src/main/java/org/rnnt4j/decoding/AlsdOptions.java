package org.rnnt4j.decoding;

import org.rnnt4j.util.Checks;

/**
 * {@code alsd}: alignment-length synchronous decoding, which runs T + U_max steps.
 *
 * @param maxTargetLen {@code alsd_max_target_len} (default 1.0)
 * @param perFrame how NeMo reads it: a float (true, the default) is a multiple of the utterance's frames,
 *     {@code U_max = int(maxTargetLen * T)}; an int (false) is a fixed {@code U_max}
 */
public record AlsdOptions(BeamOptions beam, double maxTargetLen, boolean perFrame) implements DecodingOptions {
  public AlsdOptions {
    Checks.notNull(beam, "beam");
    Checks.argument(
        Double.isFinite(maxTargetLen) && maxTargetLen >= 0, "beam.alsd_max_target_len must be >= 0, got %s", maxTargetLen);
  }

  public static AlsdOptions defaults() {
    return new AlsdOptions(BeamOptions.defaults(), 1.0, true);
  }

  /** U_max for an utterance of {@code frames} frames. */
  public int maxTargetLength(int frames) {
    return (int) (perFrame ? maxTargetLen * frames : maxTargetLen);
  }

  @Override
  public DecodingStrategy strategy() {
    return DecodingStrategy.ALSD;
  }
}

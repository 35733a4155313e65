package org.rnnt4j.features;

import org.rnnt4j.util.Checks;

/**
 * NeMo's {@code SpectrogramAugmentation} settings (the {@code spec_augment:} section).
 *
 * @param freqMasks frequency masks per utterance
 * @param timeMasks time masks per utterance
 * @param freqWidth maximum width of a frequency mask, in bands
 * @param timeWidth maximum width of a time mask: frames, or a fraction of the utterance's length when
 *     {@code adaptiveTimeWidth}
 * @param adaptiveTimeWidth whether {@code time_width} was a float in [0, 1] in the YAML
 */
public record SpecAugmentConfig(
    int freqMasks, int timeMasks, int freqWidth, double timeWidth, boolean adaptiveTimeWidth) {
  public SpecAugmentConfig {
    Checks.argument(freqMasks >= 0 && timeMasks >= 0, "mask counts must be >= 0, got %s, %s", freqMasks, timeMasks);
    Checks.argument(freqWidth >= 0, "freq_width must be >= 0, got %s", freqWidth);
    Checks.argument(
        !adaptiveTimeWidth || (timeWidth >= 0 && timeWidth <= 1),
        "a float time_width must be in [0, 1], got %s",
        timeWidth);
  }

  public static SpecAugmentConfig none() {
    return new SpecAugmentConfig(0, 0, 0, 0, false);
  }
}

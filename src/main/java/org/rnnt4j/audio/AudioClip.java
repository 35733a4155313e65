package org.rnnt4j.audio;

import org.rnnt4j.util.Checks;

/**
 * A mono waveform: float samples, nominally in [-1, 1), at a sample rate, with the name of the file
 * or dataset row it came from (used in every error message about it). This is what the data
 * pipeline feeds to the feature extractor, like NeMo's {@code AudioSegment.samples} / lhotse's
 * {@code Recording.load_audio()}.
 *
 * <p>The array is shared, not copied, because clips are large and made once per training sample:
 * treat it as read-only. Samples are not clamped, since float WAV files may legitimately exceed
 * [-1, 1).
 *
 * @param samples the waveform, one float per sample
 * @param sampleRate samples per second, positive
 * @param source the file or row the audio came from
 */
public record AudioClip(float[] samples, int sampleRate, String source) {
  public AudioClip {
    Checks.notNull(samples, "samples");
    Checks.notNull(source, "source");
    Checks.argument(
        sampleRate > 0, "sample rate must be positive, got %s for %s", sampleRate, source);
  }

  /** Number of samples. */
  public int length() {
    return samples.length;
  }

  public double durationSeconds() {
    return samples.length / (double) sampleRate;
  }

  @Override
  public String toString() {
    return String.format(
        "AudioClip[%s, %d samples at %d Hz, %.3f s]",
        source, samples.length, sampleRate, durationSeconds());
  }
}

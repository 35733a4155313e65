package org.rnnt4j.audio;

import org.rnnt4j.util.Checks;

/**
 * The result of decoding a file before down-mixing: one float array per channel (planar), all of
 * the same length, at the file's own sample rate. Integer PCM is scaled by 1/2^(bits-1), as
 * FFmpeg's float output is.
 *
 * <p>The arrays are shared, not copied: treat them as read-only.
 *
 * @param channels {@code channels[c][frame]}, at least one channel, all of equal length
 * @param sampleRate frames per second, positive
 * @param source the file or row the audio came from
 */
public record DecodedAudio(float[][] channels, int sampleRate, String source) {
  public DecodedAudio {
    Checks.notNull(channels, "channels");
    Checks.notNull(source, "source");
    Checks.argument(channels.length > 0, "need at least one channel, got 0 for %s", source);
    Checks.argument(
        sampleRate > 0, "sample rate must be positive, got %s for %s", sampleRate, source);
    for (int c = 0; c < channels.length; c++) {
      Checks.argument(
          channels[c] != null && channels[c].length == channels[0].length,
          "channel %s of %s has %s frames, channel 0 has %s",
          c,
          source,
          channels[c] == null ? "no" : channels[c].length,
          channels[0].length);
    }
  }

  public int channelCount() {
    return channels.length;
  }

  /** Samples per channel. */
  public int frames() {
    return channels[0].length;
  }

  public double durationSeconds() {
    return frames() / (double) sampleRate;
  }

  /**
   * Down-mixes to mono by averaging the channels (what FFmpeg's {@code -ac 1} and lhotse do); a
   * mono file returns its only channel without copying.
   */
  public AudioClip toMono() {
    if (channels.length == 1) {
      return new AudioClip(channels[0], sampleRate, source);
    }
    int n = frames();
    float[] mono = new float[n];
    for (float[] channel : channels) {
      for (int i = 0; i < n; i++) {
        mono[i] += channel[i];
      }
    }
    float scale = 1f / channels.length;
    for (int i = 0; i < n; i++) {
      mono[i] *= scale;
    }
    return new AudioClip(mono, sampleRate, source);
  }

  /** One channel as a clip (e.g. one side of a two-channel telephone call). */
  public AudioClip channel(int index) {
    Checks.argument(
        index >= 0 && index < channels.length,
        "channel %s out of range: %s has %s channels",
        index,
        source,
        channels.length);
    return new AudioClip(channels[index], sampleRate, source + " [channel " + index + "]");
  }

  /**
   * The samples interleaved frame by frame ({@code L0 R0 L1 R1 ...}), as FFmpeg's packed output is.
   */
  public float[] interleaved() {
    int n = frames();
    int channelCount = channels.length;
    float[] out = new float[n * channelCount];
    for (int c = 0; c < channelCount; c++) {
      float[] channel = channels[c];
      for (int i = 0; i < n; i++) {
        out[i * channelCount + c] = channel[i];
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format(
        "DecodedAudio[%s, %d channels x %d frames at %d Hz]",
        source, channels.length, frames(), sampleRate);
  }
}

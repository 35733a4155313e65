package org.rnnt4j.audio;

import java.util.Arrays;

/**
 * Collects decoded frames of a streaming decoder into growable per-channel arrays, keeping only
 * frames from {@code firstFrame} on: the frames before a requested offset are counted and dropped
 * as they arrive, so decoding a short segment of a long file never holds the whole file.
 */
final class ChannelAccumulator {
  private final long firstFrame;
  private float[][] channels;
  private int kept;
  private long seen;

  /**
   * @param channelCount channels per frame
   * @param firstFrame index of the first frame to keep
   */
  ChannelAccumulator(int channelCount, long firstFrame) {
    this.firstFrame = firstFrame;
    this.channels = new float[channelCount][1 << 14];
  }

  int channelCount() {
    return channels.length;
  }

  /** Frames seen so far, kept or not. */
  long framesSeen() {
    return seen;
  }

  /** Frames kept so far (those at or after {@code firstFrame}). */
  int framesKept() {
    return kept;
  }

  /**
   * Appends {@code frames} frames of planar data: {@code planes[c][i]} is channel c of frame i; the
   * arrays may be longer than {@code frames}.
   */
  void append(float[][] planes, int frames) {
    int skip = (int) Math.max(0, Math.min(frames, firstFrame - seen));
    seen += frames;
    int n = frames - skip;
    if (n == 0) {
      return;
    }
    ensureCapacity(kept + (long) n);
    for (int c = 0; c < channels.length; c++) {
      System.arraycopy(planes[c], skip, channels[c], kept, n);
    }
    kept += n;
  }

  /** The first {@code length} kept frames, one exactly sized array per channel. */
  float[][] take(int length) {
    float[][] out = new float[channels.length][];
    for (int c = 0; c < channels.length; c++) {
      out[c] = channels[c].length == length ? channels[c] : Arrays.copyOf(channels[c], length);
    }
    return out;
  }

  private void ensureCapacity(long needed) {
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "more than 2^31 frames in one decode; decode the file in segments");
    }
    if (needed <= channels[0].length) {
      return;
    }
    int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, channels[0].length * 2L));
    for (int c = 0; c < channels.length; c++) {
      channels[c] = Arrays.copyOf(channels[c], size);
    }
  }
}

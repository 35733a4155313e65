package org.rnnt4j.audio;

import org.rnnt4j.util.Checks;
import org.rnnt4j.util.DataException;

/**
 * The part of a recording to decode, in seconds, as NeMo and lhotse manifests give it ({@code
 * offset}, {@code duration}); {@link #ALL} is the whole recording. Seconds become frames by
 * rounding to the nearest frame at the file's own rate.
 *
 * @param offsetSeconds start, finite and at least 0
 * @param durationSeconds length, positive, or {@link Double#POSITIVE_INFINITY} for "to the end"
 *     (NaN, the data package's "to the end", is stored as positive infinity)
 */
record Span(double offsetSeconds, double durationSeconds) {
  static final Span ALL = new Span(0, Double.POSITIVE_INFINITY);

  /**
   * How far a requested segment may run past the end of the audio before it is an error: manifests
   * round durations, and lossy decoders trim a few milliseconds of padding, so a small overrun is
   * clamped.
   */
  static final double END_TOLERANCE_SECONDS = 0.05;

  Span {
    if (Double.isNaN(durationSeconds)) {
      durationSeconds = Double.POSITIVE_INFINITY;
    }
    Checks.argument(
        Double.isFinite(offsetSeconds) && offsetSeconds >= 0,
        "offset must be finite and >= 0 seconds, got %s",
        offsetSeconds);
    Checks.argument(
        durationSeconds > 0,
        "duration must be > 0 seconds, or NaN or +infinity for the rest of the file, got %s",
        durationSeconds);
  }

  boolean isAll() {
    return offsetSeconds == 0 && durationSeconds == Double.POSITIVE_INFINITY;
  }

  long firstFrame(int sampleRate) {
    return Math.round(offsetSeconds * sampleRate);
  }

  /** One past the last frame wanted, or {@link Long#MAX_VALUE} when reading to the end. */
  long endFrame(int sampleRate) {
    if (durationSeconds == Double.POSITIVE_INFINITY) {
      return Long.MAX_VALUE;
    }
    return firstFrame(sampleRate) + Math.max(1, Math.round(durationSeconds * sampleRate));
  }

  /**
   * The frames {@code [start, end)} to keep out of {@code totalFrames} available, clamping a small
   * overrun.
   *
   * @throws DataException when the audio is empty, the offset is past its end, or the segment
   *     overruns it by more than {@link #END_TOLERANCE_SECONDS}
   */
  Window window(int sampleRate, long totalFrames, String source) {
    if (totalFrames == 0) {
      throw new DataException(source, -1, "no audio: the file holds zero samples");
    }
    long start = firstFrame(sampleRate);
    long end = endFrame(sampleRate);
    double totalSeconds = totalFrames / (double) sampleRate;
    if (start >= totalFrames) {
      throw new DataException(
          source,
          -1,
          String.format(
              "offset %.3f s is at or past the end of the audio (%.3f s, %d frames at %d Hz)",
              offsetSeconds, totalSeconds, totalFrames, sampleRate));
    }
    if (end != Long.MAX_VALUE
        && end - totalFrames > Math.round(END_TOLERANCE_SECONDS * sampleRate)) {
      throw new DataException(
          source,
          -1,
          String.format(
              "segment %.3f s + %.3f s ends after the audio (%.3f s, %d frames at %d Hz)",
              offsetSeconds, durationSeconds, totalSeconds, totalFrames, sampleRate));
    }
    end = Math.min(end, totalFrames);
    if (end - start > Integer.MAX_VALUE - 8) {
      throw new DataException(
          source,
          -1,
          String.format(
              "segment of %d frames is too long for one array; decode it in parts with an offset"
                  + " and duration",
              end - start));
    }
    return new Window(start, (int) (end - start));
  }

  /** Frames {@code [start, start + length)}. */
  record Window(long start, int length) {}
}

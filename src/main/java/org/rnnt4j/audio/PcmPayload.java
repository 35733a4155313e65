package org.rnnt4j.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.rnnt4j.util.Checks;

/**
 * Where the interleaved uncompressed samples of a WAV or SPHERE file lie and how they are stored:
 * what a header parser finds, and all that is needed to decode any slice of the file without
 * touching the rest.
 *
 * @param encoding how each sample is stored
 * @param order byte order of multi-byte samples
 * @param channels samples per frame, at least 1
 * @param sampleRate frames per second, positive
 * @param dataOffset byte index of frame 0 in the file
 * @param frames frames available from {@code dataOffset} on
 */
record PcmPayload(
    PcmEncoding encoding,
    ByteOrder order,
    int channels,
    int sampleRate,
    int dataOffset,
    long frames) {
  PcmPayload {
    Checks.argument(channels > 0, "channels must be positive, got %s", channels);
    Checks.argument(sampleRate > 0, "sample rate must be positive, got %s", sampleRate);
    Checks.argument(
        dataOffset >= 0 && frames >= 0, "bad payload at %s with %s frames", dataOffset, frames);
  }

  int bytesPerFrame() {
    return channels * encoding.bytes();
  }

  /**
   * Decodes the frames of {@code span} from {@code file} (the whole file's bytes, any position).
   */
  DecodedAudio decode(ByteBuffer file, Span span, String source) {
    Span.Window window = span.window(sampleRate, frames, source);
    float[][] out = new float[channels][window.length()];
    ByteBuffer data = file.duplicate().order(order);
    int first = Math.toIntExact(dataOffset + window.start() * bytesPerFrame());
    encoding.decode(data, first, window.length(), out);
    return new DecodedAudio(out, sampleRate, source);
  }
}

package org.rnnt4j.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How one uncompressed sample is stored, and its exact float value. Integer PCM is scaled by
 * 1/2^(bits-1) and unsigned 8-bit PCM is centred on 128, which is what FFmpeg's conversion to float
 * does, so lossless files decode bit for bit like the FFmpeg reference.
 */
enum PcmEncoding {
  UNSIGNED_8(1),
  SIGNED_8(1),
  SIGNED_16(2),
  SIGNED_24(3),
  SIGNED_32(4),
  FLOAT_32(4),
  FLOAT_64(8),
  MU_LAW(1),
  A_LAW(1);

  private final int bytes;

  PcmEncoding(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per sample. */
  int bytes() {
    return bytes;
  }

  /**
   * Decodes interleaved frames into planar floats.
   *
   * @param data the bytes, with their byte order already set
   * @param offset index of the first byte of frame 0
   * @param frames number of frames to decode
   * @param out {@code out[c][i]} receives channel c of frame i; {@code out.length} is the channel
   *     count
   */
  void decode(ByteBuffer data, int offset, int frames, float[][] out) {
    int channels = out.length;
    // The switch is outside the loops so that each loop body is a few straight-line instructions.
    for (int c = 0; c < channels; c++) {
      float[] channel = out[c];
      int at = offset + c * bytes;
      int stride = channels * bytes;
      switch (this) {
        case UNSIGNED_8 -> {
          for (int i = 0; i < frames; i++, at += stride) {
            channel[i] = ((data.get(at) & 0xFF) - 128) * (1f / 128);
          }
        }
        case SIGNED_8 -> {
          for (int i = 0; i < frames; i++, at += stride) {
            channel[i] = data.get(at) * (1f / 128);
          }
        }
        case SIGNED_16 -> {
          for (int i = 0; i < frames; i++, at += stride) {
            channel[i] = data.getShort(at) * (1f / 32768);
          }
        }
        case SIGNED_24 -> {
          boolean little = data.order() == ByteOrder.LITTLE_ENDIAN;
          for (int i = 0; i < frames; i++, at += stride) {
            // The most significant byte is fetched signed, which sign-extends the 24-bit value.
            int value =
                little
                    ? (data.get(at + 2) << 16)
                        | ((data.get(at + 1) & 0xFF) << 8)
                        | (data.get(at) & 0xFF)
                    : (data.get(at) << 16)
                        | ((data.get(at + 1) & 0xFF) << 8)
                        | (data.get(at + 2) & 0xFF);
            channel[i] = value * (1f / (1 << 23));
          }
        }
        case SIGNED_32 -> {
          for (int i = 0; i < frames; i++, at += stride) {
            // int -> float rounds to 24 significant bits, then scaling by 2^-31 is exact: FFmpeg's
            // result.
            channel[i] = data.getInt(at) * (1f / 2147483648f);
          }
        }
        case FLOAT_32 -> {
          for (int i = 0; i < frames; i++, at += stride) {
            channel[i] = data.getFloat(at);
          }
        }
        case FLOAT_64 -> {
          for (int i = 0; i < frames; i++, at += stride) {
            channel[i] = (float) data.getDouble(at);
          }
        }
        case MU_LAW -> {
          for (int i = 0; i < frames; i++, at += stride) {
            channel[i] = G711.muLaw(data.get(at));
          }
        }
        case A_LAW -> {
          for (int i = 0; i < frames; i++, at += stride) {
            channel[i] = G711.aLaw(data.get(at));
          }
        }
      }
    }
  }
}

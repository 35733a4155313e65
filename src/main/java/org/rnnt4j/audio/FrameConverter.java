package org.rnnt4j.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBLP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S64;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S64P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8P;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Copies the samples of a decoded FFmpeg {@code AVFrame}, in whatever sample format the decoder
 * produced (FLAC gives s16 or s32, MP3/Vorbis/Opus give planar float), into planar Java floats.
 *
 * <p>Integers are scaled by 1/2^(bits-1) and unsigned 8-bit is centred on 128, the same arithmetic
 * as libswresample's conversion to float, so lossless codecs decode bit for bit like {@code ffmpeg
 * -f f32le}. One converter is reused across the frames of one decode; its scratch arrays grow as
 * needed.
 */
final class FrameConverter {
  private float[][] planes = new float[0][];
  private short[] shorts = new short[0];
  private int[] ints = new int[0];
  private long[] longs = new long[0];
  private double[] doubles = new double[0];
  private byte[] bytes = new byte[0];
  private float[] floats = new float[0];

  /**
   * Converts {@code frame} and returns planes holding {@code frame.nb_samples()} frames per channel
   * (the arrays may be longer; they are reused by the next call).
   */
  float[][] convert(AVFrame frame, int channels, String source) {
    int n = frame.nb_samples();
    int format = frame.format();
    if (planes.length != channels || planes[0].length < n) {
      planes = new float[channels][Math.max(n, 1024)];
    }
    boolean planar =
        format == AV_SAMPLE_FMT_U8P
            || format == AV_SAMPLE_FMT_S16P
            || format == AV_SAMPLE_FMT_S32P
            || format == AV_SAMPLE_FMT_FLTP
            || format == AV_SAMPLE_FMT_DBLP
            || format == AV_SAMPLE_FMT_S64P;
    if (planar) {
      for (int c = 0; c < channels; c++) {
        read(frame.extended_data(c), format, n, planes[c], source);
      }
    } else {
      int total = n * channels;
      if (floats.length < total) {
        floats = new float[total];
      }
      read(frame.extended_data(0), format, total, floats, source);
      for (int c = 0; c < channels; c++) {
        float[] plane = planes[c];
        for (int i = 0, at = c; i < n; i++, at += channels) {
          plane[i] = floats[at];
        }
      }
    }
    return planes;
  }

  /** Reads {@code count} consecutive samples of {@code format} (packed or one plane) as floats. */
  private void read(BytePointer data, int format, int count, float[] out, String source) {
    if (format == AV_SAMPLE_FMT_FLT || format == AV_SAMPLE_FMT_FLTP) {
      new FloatPointer(data).get(out, 0, count);
    } else if (format == AV_SAMPLE_FMT_S16 || format == AV_SAMPLE_FMT_S16P) {
      short[] s = shorts = grow(shorts, count);
      new ShortPointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        out[i] = s[i] * (1f / 32768);
      }
    } else if (format == AV_SAMPLE_FMT_S32 || format == AV_SAMPLE_FMT_S32P) {
      int[] s = ints = grow(ints, count);
      new IntPointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        out[i] = s[i] * (1f / 2147483648f);
      }
    } else if (format == AV_SAMPLE_FMT_U8 || format == AV_SAMPLE_FMT_U8P) {
      byte[] s = bytes = grow(bytes, count);
      data.get(s, 0, count);
      for (int i = 0; i < count; i++) {
        out[i] = ((s[i] & 0xFF) - 128) * (1f / 128);
      }
    } else if (format == AV_SAMPLE_FMT_DBL || format == AV_SAMPLE_FMT_DBLP) {
      double[] s = doubles = grow(doubles, count);
      new DoublePointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        out[i] = (float) s[i];
      }
    } else if (format == AV_SAMPLE_FMT_S64 || format == AV_SAMPLE_FMT_S64P) {
      long[] s = longs = grow(longs, count);
      new LongPointer(data).get(s, 0, count);
      for (int i = 0; i < count; i++) {
        out[i] = s[i] * 0x1p-63f;
      }
    } else {
      throw new org.rnnt4j.util.DataException(
          source,
          -1,
          "decoder produced sample format "
              + format
              + " ("
              + name(format)
              + "), which is not supported");
    }
  }

  private static String name(int format) {
    BytePointer name = av_get_sample_fmt_name(format);
    return name == null || name.isNull() ? "unknown" : name.getString();
  }

  private static short[] grow(short[] a, int n) {
    return a.length >= n ? a : new short[n];
  }

  private static int[] grow(int[] a, int n) {
    return a.length >= n ? a : new int[n];
  }

  private static long[] grow(long[] a, int n) {
    return a.length >= n ? a : new long[n];
  }

  private static double[] grow(double[] a, int n) {
    return a.length >= n ? a : new double[n];
  }

  private static byte[] grow(byte[] a, int n) {
    return a.length >= n ? a : new byte[n];
  }
}

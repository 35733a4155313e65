package org.rnnt4j.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_FLAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_NONE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.rnnt4j.util.DataException;

/**
 * Decodes compressed audio (FLAC, MP3, Ogg Vorbis, Opus, AAC, ...) with FFmpeg's libavformat and
 * libavcodec through the Bytedeco presets, reading from a {@link ByteBuffer} via {@link
 * ByteBufferIo}.
 *
 * <p>Every native object (format, codec and I/O contexts, packet, frame) is freed before returning,
 * also on failure, so decoding thousands of files leaks nothing. Failures surface as {@link
 * DataException}s naming the source and quoting FFmpeg's error. A corrupt packet inside an
 * otherwise good stream is skipped, as the {@code ffmpeg} tool does; a stream that yields no audio
 * at all is an error. For FLAC, whose STREAMINFO header states the exact length, a file that
 * decodes shorter is reported as truncated.
 */
final class FfmpegDecoder {
  private FfmpegDecoder() {}

  /**
   * @param file the whole file, position 0 at its first byte
   * @throws DataException when FFmpeg cannot open or decode it, or it holds no audio
   */
  static DecodedAudio decode(ByteBuffer file, Span span, String source) {
    FfmpegNatives.ensureLoaded();
    try (ByteBufferIo io = ByteBufferIo.open(file)) {
      AVFormatContext format = avformat_alloc_context();
      format.pb(io.context());
      int ret =
          avformat_open_input(format, (String) null, (AVInputFormat) null, (AVDictionary) null);
      if (ret < 0) {
        // avformat_open_input has freed the context on failure.
        throw error(source, "FFmpeg cannot open it as audio", ret);
      }
      try {
        return decodeStream(format, span, source);
      } finally {
        avformat_close_input(format);
      }
    }
  }

  private static DecodedAudio decodeStream(AVFormatContext format, Span span, String source) {
    int ret = avformat_find_stream_info(format, (AVDictionary) null);
    if (ret < 0) {
      throw error(source, "FFmpeg cannot read the stream parameters", ret);
    }
    int streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
    if (streamIndex < 0) {
      throw error(source, "no audio stream", streamIndex);
    }
    AVStream stream = format.streams(streamIndex);
    AVCodecParameters parameters = stream.codecpar();
    AVCodec codec = avcodec_find_decoder(parameters.codec_id());
    if (codec == null || codec.isNull()) {
      String what =
          parameters.codec_id() == AV_CODEC_ID_NONE
              ? String.format("tag 0x%04x, which FFmpeg does not know", parameters.codec_tag())
              : "'" + codecName(parameters.codec_id()) + "', which this FFmpeg build cannot decode";
      throw new DataException(source, -1, "unsupported codec " + what);
    }
    AVCodecContext context = avcodec_alloc_context3(codec);
    try {
      check(
          avcodec_parameters_to_context(context, parameters),
          source,
          "cannot configure the decoder");
      context.pkt_timebase(stream.time_base());
      check(
          avcodec_open2(context, codec, (AVDictionary) null),
          source,
          "cannot open the " + codecName(parameters.codec_id()) + " decoder");
      DecodedAudio audio = decodePackets(format, context, streamIndex, span, source);
      if (span.isAll() && parameters.codec_id() == AV_CODEC_ID_FLAC) {
        checkFlacLength(stream, audio, source);
      }
      return audio;
    } finally {
      avcodec_free_context(context);
    }
  }

  private static DecodedAudio decodePackets(
      AVFormatContext format, AVCodecContext context, int streamIndex, Span span, String source) {
    int sampleRate = context.sample_rate();
    int channels = context.ch_layout().nb_channels();
    if (sampleRate <= 0 || channels <= 0) {
      throw new DataException(
          source,
          -1,
          "stream has " + channels + " channels at " + sampleRate + " Hz, expected both > 0");
    }
    long end = span.endFrame(sampleRate);
    long first = span.firstFrame(sampleRate);
    ChannelAccumulator samples = new ChannelAccumulator(channels, first);
    FrameConverter converter = new FrameConverter();
    AVPacket packet = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    int firstPacketError = 0;
    try {
      int ret;
      while ((ret = av_read_frame(format, packet)) >= 0) {
        try {
          if (packet.stream_index() == streamIndex) {
            int sent = avcodec_send_packet(context, packet);
            if (sent < 0 && sent != AVERROR_EAGAIN()) {
              firstPacketError = firstPacketError == 0 ? sent : firstPacketError;
            }
            receive(context, frame, converter, samples, sampleRate, source);
          }
        } finally {
          av_packet_unref(packet);
        }
        if (samples.framesSeen() >= end) {
          break;
        }
      }
      if (ret < 0 && ret != AVERROR_EOF) {
        throw error(source, "read error after " + samples.framesSeen() + " frames", ret);
      }
      // Flush: a null packet makes the decoder return the frames it still holds.
      avcodec_send_packet(context, null);
      receive(context, frame, converter, samples, sampleRate, source);
    } finally {
      av_frame_free(frame);
      av_packet_free(packet);
    }
    if (samples.framesSeen() == 0 && firstPacketError != 0) {
      throw error(source, "no audio could be decoded", firstPacketError);
    }
    Span.Window window = span.window(sampleRate, samples.framesSeen(), source);
    return new DecodedAudio(samples.take(window.length()), sampleRate, source);
  }

  /** Drains every frame the decoder has ready into {@code samples}. */
  private static void receive(
      AVCodecContext context,
      AVFrame frame,
      FrameConverter converter,
      ChannelAccumulator samples,
      int sampleRate,
      String source) {
    while (true) {
      int ret = avcodec_receive_frame(context, frame);
      if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
        return;
      }
      if (ret < 0) {
        throw error(source, "decoding failed after " + samples.framesSeen() + " frames", ret);
      }
      try {
        int channels = frame.ch_layout().nb_channels();
        if (channels != samples.channelCount() || frame.sample_rate() != sampleRate) {
          throw new DataException(
              source,
              -1,
              String.format(
                  "stream changes from %d channels at %d Hz to %d channels at %d Hz after %d"
                      + " frames",
                  samples.channelCount(),
                  sampleRate,
                  channels,
                  frame.sample_rate(),
                  samples.framesSeen()));
        }
        samples.append(converter.convert(frame, channels, source), frame.nb_samples());
      } finally {
        av_frame_unref(frame);
      }
    }
  }

  /**
   * FLAC's STREAMINFO gives the exact number of frames; decoding fewer means the file was cut
   * short.
   */
  private static void checkFlacLength(AVStream stream, DecodedAudio audio, String source) {
    long declared = stream.duration();
    long denominator = stream.time_base().den();
    if (declared <= 0 || denominator <= 0) {
      return;
    }
    long declaredFrames = declared * stream.time_base().num() * audio.sampleRate() / denominator;
    if (audio.frames() < declaredFrames) {
      throw new DataException(
          source,
          -1,
          String.format(
              "truncated: FLAC header says %d frames, file has %d",
              declaredFrames, audio.frames()));
    }
  }

  private static void check(int ret, String source, String what) {
    if (ret < 0) {
      throw error(source, what, ret);
    }
  }

  private static DataException error(String source, String what, int ret) {
    return new DataException(
        source, -1, what + " (FFmpeg error " + ret + ": " + describe(ret) + ")");
  }

  private static String describe(int ret) {
    byte[] buffer = new byte[256];
    if (av_strerror(ret, buffer, buffer.length) < 0) {
      return "unknown error";
    }
    int length = 0;
    while (length < buffer.length && buffer[length] != 0) {
      length++;
    }
    return new String(buffer, 0, length, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String codecName(int codecId) {
    BytePointer name = avcodec_get_name(codecId);
    return name == null || name.isNull() ? "codec " + codecId : name.getString();
  }
}

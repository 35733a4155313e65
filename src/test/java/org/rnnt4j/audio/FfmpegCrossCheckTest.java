package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Our WAV and SPHERE readers against FFmpeg's own demuxers and PCM decoders on synthetic files
 * covering what the recorded fixtures do not: every G.711 code (mu-law and A-law), many channels,
 * 24-bit with 3 channels, odd-sized chunks before the data (RIFF padding), big-endian SPHERE.
 * FFmpeg is the reference here; both must agree bit for bit.
 */
class FfmpegCrossCheckTest {
  private static final byte[] ALL_CODES = new byte[512];

  static {
    for (int i = 0; i < ALL_CODES.length; i++) {
      ALL_CODES[i] = (byte) i;
    }
  }

  @Test
  void muLawWavAllCodes() {
    assertSameAsFfmpeg(TestFiles.wav(7, 1, 8000, 8, 1, ALL_CODES), 1, 512);
  }

  @Test
  void aLawWavAllCodes() {
    assertSameAsFfmpeg(TestFiles.wav(6, 2, 8000, 8, 2, ALL_CODES), 2, 256);
  }

  @Test
  void sixChannelSixteenBitWav() {
    assertSameAsFfmpeg(
        TestFiles.wav(1, 6, 48000, 16, 12, TestFiles.randomBytes(12 * 300, 1)), 6, 300);
  }

  @Test
  void threeChannel24BitWavWithOddChunkBeforeData() {
    byte[] odd = TestFiles.chunk("junk", new byte[] {1, 2, 3}); // 3 bytes + 1 pad byte
    assertSameAsFfmpeg(
        TestFiles.wav(1, 3, 16000, 24, 9, TestFiles.randomBytes(9 * 200, 2), odd), 3, 200);
  }

  @Test
  void unsignedEightBitWav() {
    assertSameAsFfmpeg(TestFiles.wav(1, 1, 16000, 8, 1, ALL_CODES), 1, 512);
  }

  @Test
  void bigEndianSphere() {
    byte[] data = TestFiles.randomBytes(2 * 2 * 400, 3);
    byte[] sphere =
        TestFiles.sphere(
            data,
            "sample_count -i 400",
            "sample_n_bytes -i 2",
            "channel_count -i 2",
            "sample_byte_format -s2 10",
            "sample_rate -i 16000",
            "sample_coding -s3 pcm");
    assertSameAsFfmpeg(sphere, 2, 400);
  }

  private static void assertSameAsFfmpeg(byte[] file, int channels, int frames) {
    DecodedAudio ours = AudioDecoder.decode(file, "synthetic");
    DecodedAudio ffmpeg = FfmpegDecoder.decode(ByteBuffer.wrap(file), Span.ALL, "synthetic");

    assertEquals(channels, ours.channelCount());
    assertEquals(frames, ours.frames());
    assertEquals(ffmpeg.sampleRate(), ours.sampleRate());
    assertEquals(ffmpeg.channelCount(), ours.channelCount());
    assertArrayEquals(ffmpeg.interleaved(), ours.interleaved());
  }
}

package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lossless files decode sample for sample, every channel, to FFmpeg's reference decode: WAV in
 * every layout (u8, s16, s24 and s32 and f32/f64 as WAVE_FORMAT_EXTENSIBLE, mu-law), NIST SPHERE
 * (s16 stereo, mu-law), FLAC (16-bit mono, 24-bit 48 kHz stereo).
 */
class LosslessDecodingTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ls4s_u8.wav",
        "ls4s_s24.wav",
        "ls4s_s32.wav",
        "ls4s_f32.wav",
        "ls4s_f64.wav",
        "ls4s_mulaw.wav",
        "stereo.wav",
        "LJ002-0020.wav",
        "ls4s_mulaw.sph",
        "stereo.sph",
        "2412-153948-0000.flac",
        "ls4s_48k_stereo_s24.flac"
      })
  void decodesToTheFfmpegReferenceExactly(String name) {
    DecodedAudio audio = AudioDecoder.decode(AudioFixtures.path(name));
    JsonNode expected = AudioFixtures.entry(name);

    assertEquals(expected.get("sample_rate").asInt(), audio.sampleRate(), "sample rate");
    assertEquals(expected.get("channels").asInt(), audio.channelCount(), "channels");
    assertEquals(expected.get("native_frames").asInt(), audio.frames(), "frames");
    assertArrayEquals(AudioFixtures.nativeReference(name), audio.interleaved(), name);
    assertEquals(AudioFixtures.path(name).toString(), audio.source());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ls4s_s24.wav", "stereo.sph", "ls4s_48k_stereo_s24.flac", "stereo.opus"})
  void bytesDecodeLikeTheFile(String name) {
    DecodedAudio fromFile = AudioDecoder.decode(AudioFixtures.path(name));
    DecodedAudio fromBytes =
        AudioDecoder.decode(AudioFixtures.bytes(name), "row 7 of shard.parquet");

    assertEquals("row 7 of shard.parquet", fromBytes.source());
    assertArrayEquals(fromFile.interleaved(), fromBytes.interleaved());
  }

  /**
   * A segment is the reference's frames [round(offset * rate), + round(duration * rate)), every
   * channel.
   */
  @ParameterizedTest
  @CsvSource({
    "ls4s_s24.wav, 1.25, 0.5",
    "ls4s_u8.wav, 0, 0.001",
    "stereo.sph, 0.3, 0.25",
    "ls4s_mulaw.sph, 3.5, 0.5",
    "2412-153948-0000.flac, 7.0, 2.5",
    "ls4s_48k_stereo_s24.flac, 2.0, 1.0",
  })
  void segmentIsTheReferenceSlice(String name, double offset, double duration) {
    DecodedAudio audio = AudioDecoder.decode(AudioFixtures.path(name), offset, duration);
    int rate = audio.sampleRate();
    int channels = audio.channelCount();
    int first = (int) Math.round(offset * rate);
    int length = (int) Math.round(duration * rate);
    float[] reference = AudioFixtures.nativeReference(name);

    assertEquals(length, audio.frames());
    assertArrayEquals(
        Arrays.copyOfRange(reference, first * channels, (first + length) * channels),
        audio.interleaved());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ls4s_s24.wav", "2412-153948-0000.flac"})
  void segmentToTheEndKeepsTheTail(String name) {
    float[] reference = AudioFixtures.nativeReference(name);
    DecodedAudio tail =
        AudioDecoder.decode(AudioFixtures.path(name), 2.0, Double.POSITIVE_INFINITY);

    assertArrayEquals(
        Arrays.copyOfRange(reference, 2 * 16000, reference.length), tail.interleaved());
  }
}

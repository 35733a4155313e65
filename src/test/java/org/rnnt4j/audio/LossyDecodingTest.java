package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MP3, Ogg Vorbis and Opus go through FFmpeg 8.1 (Bytedeco); the references come from the FFmpeg
 * 5.1 command-line tool. Measured on this build: MP3 bit-exact (SNR infinite), Vorbis 140.0 dB,
 * Opus 145.7 dB (stereo) and 146.3 dB (mono), with the same frame counts (encoder delay trimmed
 * identically, no shift). The bound of 90 dB leaves room for float rounding in other FFmpeg builds
 * while still catching any misalignment, wrong channel order or wrong scaling, which would give
 * well under 30 dB.
 */
class LossyDecodingTest {
  @ParameterizedTest
  @CsvSource({
    "stereo.mp3, 90",
    "ls4s_vorbis.ogg, 90",
    "stereo.opus, 90",
    "mono_c0.opus, 90",
  })
  void matchesTheFfmpegReference(String name, double minimumSnrDb) {
    DecodedAudio audio = AudioDecoder.decode(AudioFixtures.path(name));
    JsonNode expected = AudioFixtures.entry(name);
    float[] reference = AudioFixtures.nativeReference(name);

    double snr = Signals.snrDb(reference, audio.interleaved());
    System.out.printf(
        "lossy decode %-16s %s %d ch %d Hz %d frames: SNR vs FFmpeg 5.1 = %.1f dB%n",
        name,
        expected.get("codec").asText(),
        audio.channelCount(),
        audio.sampleRate(),
        audio.frames(),
        snr);

    assertEquals(expected.get("sample_rate").asInt(), audio.sampleRate(), "sample rate");
    assertEquals(expected.get("channels").asInt(), audio.channelCount(), "channels");
    assertEquals(expected.get("native_frames").asInt(), audio.frames(), "frames");
    assertTrue(snr >= minimumSnrDb, name + ": SNR " + snr + " dB < " + minimumSnrDb + " dB");
  }
}

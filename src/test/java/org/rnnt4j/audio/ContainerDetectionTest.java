package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The format comes from the content: a misleading name changes nothing. */
class ContainerDetectionTest {
  @ParameterizedTest
  @CsvSource({
    "stereo.wav, WAV",
    "ls4s_f32.wav, WAV",
    "stereo.sph, SPHERE",
    "2412-153948-0000.flac, FLAC",
    "ls4s_vorbis.ogg, OGG",
    "stereo.opus, OGG",
    "stereo.mp3, MPEG_AUDIO",
    "ls4s_44k.mp3, MPEG_AUDIO",
  })
  void detectsByMagicBytes(String name, ContainerFormat expected) {
    assertEquals(
        expected, ContainerFormat.detect(ByteBuffer.wrap(AudioFixtures.bytes(name)), name));
  }

  @ParameterizedTest
  @CsvSource({"stereo.wav, clip.mp3", "2412-153948-0000.flac, clip.wav", "stereo.opus, clip.flac"})
  void ignoresTheName(String name, String misleadingName) {
    DecodedAudio byContent = AudioDecoder.decode(AudioFixtures.bytes(name), misleadingName);

    assertArrayEquals(
        AudioDecoder.decode(AudioFixtures.path(name)).interleaved(), byContent.interleaved());
  }
}

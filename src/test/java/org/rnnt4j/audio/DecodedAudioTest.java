package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecodedAudioTest {
  @Test
  void toMonoAveragesTheChannels() {
    DecodedAudio stereo =
        new DecodedAudio(new float[][] {{1f, 0.5f, -1f}, {0f, 0.25f, 1f}}, 8000, "call.sph");

    AudioClip mono = stereo.toMono();
    assertArrayEquals(new float[] {0.5f, 0.375f, 0f}, mono.samples());
    assertEquals(8000, mono.sampleRate());
    assertEquals("call.sph", mono.source());
  }

  @Test
  void monoFileDownMixIsItsChannel() {
    float[] samples = {0.1f, 0.2f};
    assertSame(samples, new DecodedAudio(new float[][] {samples}, 16000, "a").toMono().samples());
  }

  @Test
  void stereoFixtureDownMixMatchesTheFfmpegAverage() {
    // stereo.wav holds ramps 8000 + i (left) and 16000 + i (right), in 1/32768 units.
    AudioClip mono = AudioDecoder.decodeMono(AudioFixtures.path("stereo.wav"));
    for (int i = 0; i < mono.length(); i += 997) {
      assertEquals((12000 + i) / 32768f, mono.samples()[i], 0f, "sample " + i);
    }
  }

  @Test
  void interleavedAndChannelViews() {
    DecodedAudio audio = new DecodedAudio(new float[][] {{1f, 2f}, {3f, 4f}}, 8000, "x");
    assertArrayEquals(new float[] {1f, 3f, 2f, 4f}, audio.interleaved());
    assertArrayEquals(new float[] {3f, 4f}, audio.channel(1).samples());
    assertEquals("x [channel 1]", audio.channel(1).source());
    assertEquals(2.5e-4, audio.durationSeconds(), 1e-12);
  }

  @Test
  void clipDuration() {
    assertEquals(1.5, new AudioClip(new float[24000], 16000, "x").durationSeconds(), 0);
  }

  @Test
  void rejectsInconsistentShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DecodedAudio(new float[][] {{1f, 2f}, {3f}}, 8000, "bad.wav"));
    assertTrue(
        e.getMessage().contains("channel 1 of bad.wav has 1 frames, channel 0 has 2"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AudioClip(new float[1], 0, "x"));
    assertThrows(IllegalArgumentException.class, () -> new DecodedAudio(new float[0][], 8000, "x"));
  }
}

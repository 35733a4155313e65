package org.rnnt4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resampler's frequency response measured with pure tones: no aliasing from above the new
 * Nyquist frequency, no imaging when upsampling, a flat passband, exact DC. The first and last 0.1
 * s are left out of each measurement, where the signal starts and stops.
 */
class ResamplerToneTest {
  private static final double SECONDS = 1.0;

  /**
   * A tone above the output Nyquist frequency must vanish (>= 60 dB down), not fold into the band.
   */
  @ParameterizedTest
  @CsvSource({
    "48000, 16000, 8500",
    "48000, 16000, 9000",
    "48000, 16000, 12000",
    "48000, 16000, 20000",
    "44100, 16000, 9000",
    "44100, 16000, 15000",
    "22050, 16000, 8200",
    "22050, 16000, 10000",
    "16000, 8000, 5000",
    "44100, 16001, 12000",
  })
  void attenuatesToneAboveTheNewNyquist(int inputRate, int outputRate, double hz) {
    float[] input = Signals.tone(hz, inputRate, SECONDS, 0.5);
    float[] output = new Resampler(inputRate, outputRate).process(input);

    double attenuation = 20 * Math.log10(central(output, outputRate) / central(input, inputRate));
    System.out.printf(
        "alias %5d -> %5d Hz, tone %5.0f Hz: %.1f dB%n", inputRate, outputRate, hz, attenuation);
    assertTrue(
        attenuation <= -60, "tone at " + hz + " Hz only attenuated by " + attenuation + " dB");
  }

  /** A tone inside the passband keeps its amplitude within 0.1 dB. */
  @ParameterizedTest
  @CsvSource({
    "48000, 16000, 100",
    "48000, 16000, 1000",
    "48000, 16000, 3000",
    "48000, 16000, 7000",
    "44100, 16000, 6000",
    "22050, 16000, 5000",
    "8000, 16000, 1000",
    "8000, 16000, 3500",
    "44100, 16001, 1000",
  })
  void passesInBandToneUnchanged(int inputRate, int outputRate, double hz) {
    float[] input = Signals.tone(hz, inputRate, SECONDS, 0.5);
    float[] output = new Resampler(inputRate, outputRate).process(input);

    double amplitude =
        Signals.amplitudeAt(output, outputRate / 10, outputRate * 9 / 10, hz, outputRate);
    double gainDb = 20 * Math.log10(amplitude / 0.5);
    System.out.printf(
        "passband %5d -> %5d Hz, tone %5.0f Hz: %+.5f dB%n", inputRate, outputRate, hz, gainDb);
    assertTrue(Math.abs(gainDb) < 0.1, "tone at " + hz + " Hz changed by " + gainDb + " dB");
  }

  /** Upsampling 8 to 16 kHz must not create the mirror image at 8000 - f (>= 60 dB down). */
  @ParameterizedTest
  @CsvSource({"1000", "3000", "3600"})
  void upsamplingLeavesNoImage(double hz) {
    float[] output = new Resampler(8000, 16000).process(Signals.tone(hz, 8000, SECONDS, 0.5));

    double image = Signals.amplitudeAt(output, 1600, 14400, 8000 - hz, 16000);
    double imageDb = 20 * Math.log10(image / 0.5);
    System.out.printf(
        "image 8000 -> 16000 Hz, tone %4.0f Hz, image at %4.0f Hz: %.1f dB%n",
        hz, 8000 - hz, imageDb);
    assertTrue(imageDb <= -60, "image of " + hz + " Hz at " + imageDb + " dB");
  }

  @Test
  void constantSignalStaysConstant() {
    float[] input = new float[4410];
    java.util.Arrays.fill(input, 0.25f);
    float[] output = new Resampler(44100, 16000).process(input);

    for (int i = 200; i < output.length - 200; i++) {
      assertEquals(0.25f, output[i], 1e-6f, "sample " + i);
    }
  }

  @Test
  void outputLengthIsTheRoundedRatio() {
    assertEquals(24634, new Resampler(22050, 16000).outputLength(33949)); // 24634.28
    assertEquals(8087, new Resampler(48000, 16000).outputLength(24260)); // 8086.67
    assertEquals(64000, new Resampler(8000, 16000).outputLength(32000));
    assertEquals(0, new Resampler(48000, 16000).outputLength(0));
    assertEquals(1, new Resampler(48000, 16000).outputLength(2)); // 0.67
    assertEquals(0, new Resampler(48000, 16000).process(new float[1]).length); // 0.33
  }

  @Test
  void sameRateReturnsTheClipItself() {
    AudioClip clip = new AudioClip(new float[] {0.1f, 0.2f}, 16000, "x");
    assertSame(clip, Resampler.resample(clip, 16000));
  }

  @Test
  void rejectsBadRates() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16000));
    assertTrue(e.getMessage().contains("0 -> 16000"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Resampler(16000, 8000, 1.2, 100));
  }

  private static double central(float[] x, int rate) {
    return Signals.rms(x, rate / 10, x.length - rate / 10);
  }
}

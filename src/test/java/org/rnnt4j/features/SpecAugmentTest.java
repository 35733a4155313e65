package org.rnnt4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;

/** SpecAugment masks: bounded widths, nothing beyond each length, seeded, inactive in eval mode. */
class SpecAugmentTest {
  private static final int BANDS = 80;
  private static final int FRAMES = 200;

  @Test
  void masksStayWithinWidthsAndLengthsAndAreSeeded() {
    SpecAugmentConfig config = new SpecAugmentConfig(2, 10, 27, 0.05, true);
    Tensor ones = Tensor.ones(DType.FLOAT32, 2, BANDS, FRAMES);
    Tensor lengths = Tensor.ofLongs(new long[] {200, 100}, 2);
    SpecAugment a = new SpecAugment(config, 7);
    float[] out = a.forward(ones, lengths).toFloatArray();
    assertArrayEquals(out, new SpecAugment(config, 7).forward(ones, lengths).toFloatArray(), "same seed, same masks");
    for (int b = 0; b < 2; b++) {
      int maskedFrames = 0;
      for (int t = 0; t < FRAMES; t++) {
        boolean allBandsMasked = true;
        for (int f = 0; f < BANDS; f++) {
          allBandsMasked &= out[(b * BANDS + f) * FRAMES + t] == 0;
        }
        if (allBandsMasked) {
          maskedFrames++;
          assertTrue(t < (b == 0 ? 200 : 100), "time mask beyond the length at frame " + t);
        }
      }
      // 10 masks of at most 5% of the length each
      assertTrue(maskedFrames <= 10 * 0.05 * (b == 0 ? 200 : 100), "masked frames " + maskedFrames);
    }
    int maskedBands = 0;
    for (int f = 0; f < BANDS; f++) {
      boolean all = true;
      for (int t = 0; t < FRAMES; t++) {
        all &= out[f * FRAMES + t] == 0;
      }
      maskedBands += all ? 1 : 0;
    }
    assertTrue(maskedBands <= 2 * 26, "two frequency masks of at most 26 bands, got " + maskedBands);
  }

  @Test
  void evalModeLeavesFeaturesUnchanged() {
    SpecAugment a = new SpecAugment(new SpecAugmentConfig(2, 10, 27, 0.05, true), 1);
    a.train(false);
    Tensor x = Tensor.ones(DType.FLOAT32, 1, BANDS, FRAMES);
    assertEquals(BANDS * FRAMES, a.forward(x, Tensor.ofLongs(new long[] {FRAMES}, 1)).sum().item(), 0);
  }
}

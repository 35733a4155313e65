package org.rnnt4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;

/**
 * SpecAugment masks: in training mode some values are masked to NeMo's mask value (0) in whole bands and
 * whole frames, within the widths and lengths; the same seed gives the same masks; eval mode is the
 * identity. Features are random, non-zero values (seed printed), so a masked value is told from a kept one.
 */
class SpecAugmentTest {
  private static final int BANDS = 80;
  private static final int FRAMES = 200;
  private static final long FEATURE_SEED = 20240611L;
  private static final SpecAugmentConfig TWO_FREQ_TEN_TIME = new SpecAugmentConfig(2, 10, 27, 0.05, true);

  /** (B, D, T) values in [1, 2): never the mask value. */
  private static float[] randomFeatures(int batch) {
    System.out.println("SpecAugmentTest feature seed " + FEATURE_SEED);
    Random random = new Random(FEATURE_SEED);
    float[] x = new float[batch * BANDS * FRAMES];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1 + random.nextFloat();
    }
    return x;
  }

  @Test
  void trainingModeMasksWholeBandsAndFramesToZero() {
    float[] in = randomFeatures(2);
    Tensor lengths = Tensor.ofLongs(new long[] {200, 100}, 2);
    SpecAugment augment = new SpecAugment(TWO_FREQ_TEN_TIME, 7);
    assertTrue(augment.isTraining(), "a new module is in training mode, as in PyTorch");
    float[] out = augment.forward(Tensor.of(in, 2, BANDS, FRAMES), lengths).toFloatArray();

    int masked = 0;
    for (int i = 0; i < in.length; i++) {
      assertTrue(out[i] == in[i] || out[i] == 0f, "value " + i + " is neither kept nor masked: " + out[i]);
      masked += out[i] == 0f ? 1 : 0;
    }
    assertTrue(masked > 0, "training mode with 2 frequency and 10 time masks masked nothing");
    assertFalse(java.util.Arrays.equals(in, out), "training mode changed nothing");

    for (int b = 0; b < 2; b++) {
      int len = b == 0 ? 200 : 100;
      boolean[] maskedFrame = new boolean[FRAMES];
      boolean[] maskedBand = new boolean[BANDS];
      for (int t = 0; t < FRAMES; t++) {
        maskedFrame[t] = true;
        for (int f = 0; f < BANDS; f++) {
          maskedFrame[t] &= out[(b * BANDS + f) * FRAMES + t] == 0f;
        }
      }
      for (int f = 0; f < BANDS; f++) {
        maskedBand[f] = true;
        for (int t = 0; t < FRAMES; t++) {
          maskedBand[f] &= out[(b * BANDS + f) * FRAMES + t] == 0f;
        }
      }
      int frames = 0;
      int bands = 0;
      for (int t = 0; t < FRAMES; t++) {
        if (maskedFrame[t]) {
          frames++;
          assertTrue(t < len, "utterance " + b + ": time mask beyond the length " + len + " at frame " + t);
        }
      }
      for (int f = 0; f < BANDS; f++) {
        bands += maskedBand[f] ? 1 : 0;
      }
      // every zero lies in a masked frame or a masked band: masks are whole rows and columns
      for (int f = 0; f < BANDS; f++) {
        for (int t = 0; t < FRAMES; t++) {
          if (out[(b * BANDS + f) * FRAMES + t] == 0f) {
            assertTrue(maskedFrame[t] || maskedBand[f], "utterance " + b + ": lone zero at band " + f + ", frame " + t);
          }
        }
      }
      // 10 time masks of at most 5% of the length each, 2 frequency masks of at most 26 bands
      assertTrue(frames <= 10 * 0.05 * len, "utterance " + b + ": masked frames " + frames);
      assertTrue(bands <= 2 * 26, "utterance " + b + ": masked bands " + bands);
      assertTrue(frames + bands > 0, "utterance " + b + " has no mask");
    }
  }

  @Test
  void theSameSeedGivesTheSameMasksAndAnotherSeedOthers() {
    Tensor x = Tensor.of(randomFeatures(2), 2, BANDS, FRAMES);
    Tensor lengths = Tensor.ofLongs(new long[] {200, 150}, 2);
    float[] first = new SpecAugment(TWO_FREQ_TEN_TIME, 7).forward(x, lengths).toFloatArray();
    float[] again = new SpecAugment(TWO_FREQ_TEN_TIME, 7).forward(x, lengths).toFloatArray();
    float[] other = new SpecAugment(TWO_FREQ_TEN_TIME, 8).forward(x, lengths).toFloatArray();
    assertArrayEquals(first, again, "seed 7 twice");
    assertFalse(java.util.Arrays.equals(first, other), "seeds 7 and 8 drew the same masks");

    SpecAugment one = new SpecAugment(TWO_FREQ_TEN_TIME, 7);
    float[] firstCall = one.forward(x, lengths).toFloatArray();
    float[] secondCall = one.forward(x, lengths).toFloatArray();
    assertArrayEquals(first, firstCall);
    assertFalse(java.util.Arrays.equals(firstCall, secondCall), "each batch draws new masks");
  }

  @Test
  void evalModeIsTheIdentity() {
    float[] in = randomFeatures(2);
    Tensor lengths = Tensor.ofLongs(new long[] {200, 100}, 2);
    SpecAugment augment = new SpecAugment(TWO_FREQ_TEN_TIME, 7);
    augment.train(false);
    assertArrayEquals(in, augment.forward(Tensor.of(in, 2, BANDS, FRAMES), lengths).toFloatArray());
    augment.train(true);
    assertFalse(
        java.util.Arrays.equals(in, augment.forward(Tensor.of(in, 2, BANDS, FRAMES), lengths).toFloatArray()),
        "back in training mode, the masks apply again");
  }

  @Test
  void noMasksConfiguredIsTheIdentityInTrainingMode() {
    float[] in = randomFeatures(1);
    SpecAugment none = new SpecAugment(SpecAugmentConfig.none(), 7);
    assertTrue(none.isTraining());
    assertArrayEquals(in, none.forward(Tensor.of(in, 1, BANDS, FRAMES), Tensor.ofLongs(new long[] {FRAMES}, 1)).toFloatArray());
  }

  @Test
  void fixedTimeWidthsAreInFrames() {
    // time_width 3 (an int in the YAML): each time mask is at most 2 frames wide, whatever the length
    SpecAugmentConfig fixed = new SpecAugmentConfig(0, 4, 0, 3, false);
    Tensor x = Tensor.ones(DType.FLOAT32, 1, BANDS, FRAMES);
    float[] out = new SpecAugment(fixed, 5).forward(x, Tensor.ofLongs(new long[] {FRAMES}, 1)).toFloatArray();
    int maskedFrames = 0;
    for (int t = 0; t < FRAMES; t++) {
      maskedFrames += out[t] == 0f ? 1 : 0; // band 0 stands for all: there are no frequency masks
      for (int f = 1; f < BANDS; f++) {
        assertEquals(out[t], out[f * FRAMES + t], "a time mask covers every band");
      }
    }
    assertTrue(maskedFrames <= 4 * 2, "four masks of at most 2 frames, got " + maskedFrames);
  }
}

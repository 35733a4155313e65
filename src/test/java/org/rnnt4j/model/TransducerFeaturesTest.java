package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnnt4j.audio.AudioDecoder;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.features.Features;
import org.rnnt4j.testing.FixtureAudio;

/**
 * The features the transducer trains on are SpecAugment-masked: with the tiny conf's {@code spec_augment}
 * (2 frequency masks up to 27 bands, 2 time masks up to 5% of the length) a training-mode model sees
 * whole bands and frames at NeMo's mask value 0, while eval mode sees the same unmasked features on
 * every call. Seeds: libtorch 3 (dither), SpecAugment 3.
 */
class TransducerFeaturesTest {
  @Test
  void trainingModeMasksTheFeaturesAndEvalModeDoesNot() {
    Engine.seed(3);
    Transducer model =
        Transducers.build(
            TransducerConfigBinder.bind(ConfigNode.load(Path.of("conf/contextnet_rnnt_tiny.yaml")).modelSection()), 32, 3);
    float[] samples = AudioDecoder.decodeMono(FixtureAudio.wav(1)).samples();
    Tensor audio = Tensor.of(samples, 1, samples.length);
    Tensor lengths = Tensor.ofLongs(new long[] {samples.length}, 1);

    model.train(false);
    Features eval = model.features(audio, lengths);
    int bands = (int) eval.values().size(1);
    int frames = (int) eval.values().size(2);
    int valid = (int) eval.lengths().toLongArray()[0];
    float[] evalValues = eval.values().toFloatArray();
    assertArrayEquals(evalValues, model.features(audio, lengths).values().toFloatArray(), "eval mode is deterministic");
    assertEquals(0, zerosWithin(evalValues, bands, frames, valid), "log-mel features of speech are not exactly 0");

    model.train(true);
    Features train = model.features(audio, lengths);
    assertEquals(valid, train.lengths().toLongArray()[0], "masks do not change lengths");
    float[] trainValues = train.values().toFloatArray();
    int zeros = zerosWithin(trainValues, bands, frames, valid);
    assertTrue(zeros > 0, "training mode masked nothing");
    int wholeBandsOrFrames = 0;
    for (int f = 0; f < bands; f++) {
      boolean all = true;
      for (int t = 0; t < valid; t++) {
        all &= trainValues[f * frames + t] == 0f;
      }
      wholeBandsOrFrames += all ? 1 : 0;
    }
    for (int t = 0; t < valid; t++) {
      boolean all = true;
      for (int f = 0; f < bands; f++) {
        all &= trainValues[f * frames + t] == 0f;
      }
      wholeBandsOrFrames += all ? 1 : 0;
    }
    assertTrue(wholeBandsOrFrames > 0, "the zeros form whole bands or frames");
    System.out.printf("training-mode features: %d of %d valid values masked%n", zeros, bands * valid);
  }

  private static int zerosWithin(float[] values, int bands, int frames, int valid) {
    int zeros = 0;
    for (int f = 0; f < bands; f++) {
      for (int t = 0; t < valid; t++) {
        zeros += values[f * frames + t] == 0f ? 1 : 0;
      }
    }
    return zeros;
  }
}

package org.rnnt4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * The preprocessor output for the fixture utterances (eval mode, no dither), B=2, 80 mels, against the
 * goldens of the reference generator (a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself).
 */
class MelSpectrogramGoldenTest {
  @ParameterizedTest
  @CsvSource({"contextnet_tiny, 16", "contextnet_strided_tiny, 16"})
  void featuresMatchNemoGoldens(String model, int padTo) {
    SafeTensorsFile g = Goldens.nemoGoldens(model);
    MelSpectrogram mel = new MelSpectrogram(MelConfig.nemoDefaults(16000, padTo));
    mel.train(false);
    Features f = mel.forward(Goldens.tensor(g, "audio"), Goldens.tensor(g, "audio_lengths"));
    assertArrayEquals(Goldens.tensor(g, "feature_lengths").toLongArray(), f.lengths().toLongArray());
    Goldens.assertClose(f.values(), Goldens.tensor(g, "features"), 1e-4, model + " features");
  }
}

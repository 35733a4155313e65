package org.rnnt4j.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * The preprocessor output for the fixture utterances (eval mode, no dither), B=2, 80 mels, against the
 * goldens of the reference generator (a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself). The
 * filterbank here is computed (the parity test uses the stored one, 2.2e-7 off); measured 1.2e-5 off.
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
    Goldens.assertClose(f.values(), Goldens.tensor(g, "features"), 3e-5, model + " features");
  }

  /** Under --bf16 the preprocessor still runs in float32 (NeMo disables autocast around its STFT). */
  @org.junit.jupiter.api.Test
  void bf16AutocastLeavesFeaturesInFloat32() {
    SafeTensorsFile g = Goldens.nemoGoldens("contextnet_tiny");
    MelSpectrogram mel = new MelSpectrogram(MelConfig.nemoDefaults(16000, 16));
    mel.train(false);
    Features f;
    try (org.rnnt4j.engine.Autocast bf16 =
        org.rnnt4j.engine.Autocast.enable(org.rnnt4j.engine.Device.CPU, org.rnnt4j.engine.DType.BFLOAT16)) {
      f = mel.forward(Goldens.tensor(g, "audio"), Goldens.tensor(g, "audio_lengths"));
    }
    Goldens.assertClose(f.values(), Goldens.tensor(g, "features"), 3e-5, "contextnet_tiny features under bf16 autocast");
  }
}

package org.rnnt4j.features;

import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;

/**
 * NeMo's {@code AudioToMelSpectrogramPreprocessor}: holds the {@link MelSpectrogram} as
 * {@code featurizer} (state keys {@code preprocessor.featurizer.window}, {@code .fb}) and runs it without
 * gradients, as NeMo does.
 */
public final class Preprocessor extends Module {
  private final MelSpectrogram featurizer;

  public Preprocessor(MelConfig config) {
    featurizer = registerModule("featurizer", new MelSpectrogram(config));
  }

  public MelConfig config() {
    return featurizer.config();
  }

  /**
   * @param audio (B, S) float32
   * @param lengths (B) int64 samples
   * @return features (B, D, T) and lengths (B)
   */
  public Features forward(Tensor audio, Tensor lengths) {
    try (NoGrad ignored = new NoGrad()) {
      return featurizer.forward(audio, lengths);
    }
  }
}

package org.rnnt4j.features;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;
import org.rnnt4j.util.CapturableRandom;

/**
 * SpecAugment (Park et al. 2019) as NeMo's (vectorised, default) {@code SpecAugment} draws it: per
 * utterance, time masks of width {@code floor(r * w)} starting at {@code floor(r' * (len - width))}, where
 * {@code w} is {@code time_width} frames or, when adaptive, {@code time_width * len}; then frequency masks of
 * width {@code floor(r * freq_width)} starting at {@code floor(r' * (D - width))} ({@code r, r'} uniform in
 * [0, 1)). Masked values become 0. Active in training mode only; draws from its own seeded generator so runs
 * are reproducible, whose state ({@link #randomState}) a training checkpoint keeps so that a resumed run
 * draws the masks an uninterrupted one would.
 */
public final class SpecAugment extends Module {
  private final SpecAugmentConfig config;
  private CapturableRandom random;

  public SpecAugment(SpecAugmentConfig config, long seed) {
    this.config = config;
    this.random = new CapturableRandom(seed);
  }

  /** The state of the mask generator, for checkpoints. */
  public long randomState() {
    return random.state();
  }

  /** Continues the mask generator from a state {@link #randomState} returned. */
  public void restoreRandomState(long state) {
    random = CapturableRandom.fromState(state);
  }

  /**
   * @param features (B, D, T)
   * @param lengths (B)
   * @return (B, D, T) with masks applied in training mode, else the input
   */
  public Tensor forward(Tensor features, Tensor lengths) {
    if (!isTraining() || (config.freqMasks() == 0 && config.timeMasks() == 0)) {
      return features;
    }
    int batch = (int) features.size(0);
    int bands = (int) features.size(1);
    int frames = (int) features.size(2);
    long[] lens = lengths.toLongArray();
    float[] mask = new float[batch * bands * frames];
    for (int b = 0; b < batch; b++) {
      double timeWidth =
          config.adaptiveTimeWidth() ? Math.min(config.timeWidth() * lens[b], frames) : config.timeWidth();
      for (int i = 0; i < config.timeMasks(); i++) {
        int width = (int) (random.nextDouble() * timeWidth);
        int start = (int) (random.nextDouble() * (lens[b] - width));
        for (int f = 0; f < bands; f++) {
          int row = (b * bands + f) * frames;
          for (int t = Math.max(0, start); t < Math.min(frames, start + width); t++) {
            mask[row + t] = 1f;
          }
        }
      }
      for (int i = 0; i < config.freqMasks(); i++) {
        int width = (int) (random.nextDouble() * config.freqWidth());
        int start = (int) (random.nextDouble() * (bands - width));
        for (int f = Math.max(0, start); f < Math.min(bands, start + width); f++) {
          java.util.Arrays.fill(mask, (b * bands + f) * frames, (b * bands + f + 1) * frames, 1f);
        }
      }
    }
    Tensor m = Tensor.of(mask, batch, bands, frames).to(features.device()).gt(0.5); // (B, D, T)
    return features.maskedFill(m, 0.0);
  }
}

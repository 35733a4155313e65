package org.rnnt4j.features;

import java.util.Random;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;

/**
 * SpecAugment (Park et al. 2019) as NeMo's {@code SpecAugment} draws it: per utterance, frequency masks
 * starting in {@code [0, D - freq_width]} with widths in {@code [0, freq_width]}, and time masks starting in
 * {@code [0, max(1, len - w)]} with widths in {@code [0, w]}, where {@code w} is {@code time_width} or, when
 * adaptive, {@code max(1, int(len * time_width))}. Masked values become 0. Active in training mode only;
 * draws from its own seeded generator so runs are reproducible.
 */
public final class SpecAugment extends Module {
  private final SpecAugmentConfig config;
  private final Random random;

  public SpecAugment(SpecAugmentConfig config, long seed) {
    this.config = config;
    this.random = new Random(seed);
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
      for (int i = 0; i < config.freqMasks(); i++) {
        int start = randint(Math.max(0, bands - config.freqWidth()));
        int width = randint(config.freqWidth());
        for (int f = start; f < Math.min(bands, start + width); f++) {
          java.util.Arrays.fill(mask, (b * bands + f) * frames, (b * bands + f + 1) * frames, 1f);
        }
      }
      int maxWidth =
          config.adaptiveTimeWidth()
              ? Math.max(1, (int) (lens[b] * config.timeWidth()))
              : (int) config.timeWidth();
      int startBound = (int) Math.max(1, lens[b] - maxWidth);
      for (int i = 0; i < config.timeMasks(); i++) {
        int start = randint(startBound);
        int width = randint(maxWidth);
        for (int f = 0; f < bands; f++) {
          int row = (b * bands + f) * frames;
          for (int t = start; t < Math.min(frames, start + width); t++) {
            mask[row + t] = 1f;
          }
        }
      }
    }
    Tensor m = Tensor.of(mask, batch, bands, frames).to(features.device()).gt(0.5); // (B, D, T)
    return features.maskedFill(m, 0.0);
  }

  /** Uniform integer in [0, bound], both ends included (Python's random.randint(0, bound)). */
  private int randint(int bound) {
    return bound <= 0 ? 0 : random.nextInt(bound + 1);
  }
}

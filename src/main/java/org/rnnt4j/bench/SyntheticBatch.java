package org.rnnt4j.bench;

import java.util.Random;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * The PyTorch peer's training batch ({@code ../shared/peer/bench_torch.py}'s {@code make_batch}), as
 * padded host arrays: utterance i has {@code S - 1600 i} samples of N(0, 0.1) noise (zeros after its
 * end) and {@code U - i} random label ids in {@code [0, vocab)}, labels padded with 0. With the defaults
 * (8 utterances, 10 s at 16 kHz, 60 labels, 1024 ids) that is 10.0 s to 9.3 s of audio and 60 to 53
 * labels per utterance.
 *
 * <p>Legend: B utterances, S samples of the longest, U labels of the longest.
 *
 * @param audio (B, S) row-major
 * @param audioLengths (B)
 * @param labels (B, U) row-major
 * @param labelLengths (B)
 */
record SyntheticBatch(
    Shape shape, float[] audio, long[] audioLengths, long[] labels, long[] labelLengths) {

  /** Samples by which each utterance is shorter than the previous one (0.1 s at 16 kHz), as the peer. */
  static final int STEP_SAMPLES = 1600;

  /**
   * @param batch B
   * @param samples S, of the first (longest) utterance
   * @param labels U, of the first (longest) utterance
   * @param vocab label ids are drawn from {@code [0, vocab)}; the blank is id {@code vocab}
   * @param sampleRate for the audio-seconds figures
   */
  record Shape(int batch, int samples, int labels, int vocab, int sampleRate) {
    Shape {
      Checks.argument(batch >= 1, "batch must be >= 1, got %s", batch);
      Checks.argument(
          samples > (long) STEP_SAMPLES * (batch - 1),
          "the shortest utterance would have %s samples: give more than %s samples for %s utterances",
          samples - (long) STEP_SAMPLES * (batch - 1), (long) STEP_SAMPLES * (batch - 1), batch);
      Checks.argument(labels >= batch, "labels must be >= batch (utterance i has U - i labels), got %s", labels);
      Checks.argument(vocab >= 2, "vocab must be >= 2, got %s", vocab);
      Checks.argument(sampleRate > 0, "sampleRate must be > 0, got %s", sampleRate);
    }

    /** The peer's: 8 utterances of 10 s at 16 kHz, 60 labels, 1024 ids plus the blank. */
    static Shape peer() {
      return new Shape(8, 160_000, 60, 1024, 16_000);
    }
  }

  static SyntheticBatch generate(Shape shape, long seed) {
    Random random = new Random(seed);
    int B = shape.batch();
    int S = shape.samples();
    int U = shape.labels();
    float[] audio = new float[B * S];
    long[] audioLengths = new long[B];
    long[] labels = new long[B * U];
    long[] labelLengths = new long[B];
    for (int i = 0; i < B; i++) {
      audioLengths[i] = S - (long) STEP_SAMPLES * i;
      for (int s = 0; s < audioLengths[i]; s++) {
        audio[i * S + s] = (float) (0.1 * random.nextGaussian());
      }
      labelLengths[i] = U - i;
      for (int u = 0; u < labelLengths[i]; u++) {
        labels[i * U + u] = random.nextInt(shape.vocab());
      }
    }
    return new SyntheticBatch(shape, audio, audioLengths, labels, labelLengths);
  }

  /** Seconds of audio in the batch (lengths, not padding). */
  double audioSeconds() {
    long samples = 0;
    for (long n : audioLengths) {
      samples += n;
    }
    return samples / (double) shape.sampleRate();
  }

  /** The batch as tensors on {@code device}: what the data loader hands the step. */
  Tensors toDevice(Device device) {
    int B = shape.batch();
    return new Tensors(
        Tensor.of(audio, B, shape.samples()).to(device),
        Tensor.ofLongs(audioLengths, B).to(device),
        Tensor.ofLongs(labels, B, shape.labels()).to(device),
        Tensor.ofLongs(labelLengths, B).to(device));
  }

  /**
   * @param audio (B, S) float32
   * @param audioLengths (B) int64
   * @param labels (B, U) int64
   * @param labelLengths (B) int64
   */
  record Tensors(Tensor audio, Tensor audioLengths, Tensor labels, Tensor labelLengths) {}
}

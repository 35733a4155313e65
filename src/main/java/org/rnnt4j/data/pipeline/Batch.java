package org.rnnt4j.data.pipeline;

import java.util.List;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;

/**
 * A padded batch as the model takes it. Create it inside the step's {@code TensorScope}.
 *
 * @param audio (B, S) float32, zero-padded
 * @param audioLengths (B) int64 samples
 * @param labels (B, U) int64 token ids, padded with 0 as NeMo's collate does
 * @param labelLengths (B) int64
 * @param examples the utterances, in batch order
 */
public record Batch(Tensor audio, Tensor audioLengths, Tensor labels, Tensor labelLengths, List<Example> examples) {

  /** Padded host arrays, made on a loader thread before any tensor exists. */
  public record Host(float[] audio, long[] audioLengths, long[] labels, long[] labelLengths, int maxSamples, int maxLabels, List<Example> examples) {
    public Batch toDevice(Device device) {
      int b = examples.size();
      return new Batch(
          Tensor.of(audio, b, maxSamples).to(device),
          Tensor.ofLongs(audioLengths, b).to(device),
          Tensor.ofLongs(labels, b, maxLabels).to(device),
          Tensor.ofLongs(labelLengths, b).to(device),
          examples);
    }
  }

  /** Pads waveforms with zeros and labels with 0 to the longest in the batch. */
  public static Host collate(List<Example> examples, List<float[]> waveforms) {
    return collate(examples, waveforms, 1, 0);
  }

  /**
   * Pads to the longest in the batch, or to {@code minSamples} / {@code minLabels} when longer (a
   * data-parallel rank pads to the global batch's longest, as one process would).
   */
  public static Host collate(List<Example> examples, List<float[]> waveforms, int minSamples, int minLabels) {
    int b = examples.size();
    int maxS = Math.max(1, minSamples);
    int maxU = Math.max(0, minLabels);
    for (int i = 0; i < b; i++) {
      maxS = Math.max(maxS, waveforms.get(i).length);
      maxU = Math.max(maxU, examples.get(i).tokens().length);
    }
    float[] audio = new float[b * maxS];
    long[] audioLengths = new long[b];
    long[] labels = new long[b * maxU];
    long[] labelLengths = new long[b];
    for (int i = 0; i < b; i++) {
      float[] w = waveforms.get(i);
      System.arraycopy(w, 0, audio, i * maxS, w.length);
      audioLengths[i] = w.length;
      int[] tokens = examples.get(i).tokens();
      for (int u = 0; u < tokens.length; u++) {
        labels[i * maxU + u] = tokens[u];
      }
      labelLengths[i] = tokens.length;
    }
    return new Host(audio, audioLengths, labels, labelLengths, maxS, maxU, examples);
  }
}

package org.rnnt4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.Example;

/** Random training examples (Gaussian noise audio, random token ids) collated into host batches. */
final class SyntheticBatches {
  private SyntheticBatches() {}

  /**
   * @param samples audio length of every utterance (equal lengths: no padding in the audio)
   * @param vocab token ids are drawn from [0, vocab)
   */
  static List<Example> examples(Random random, int count, int samples, int vocab) {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] w = new float[samples];
      for (int s = 0; s < w.length; s++) {
        w[s] = (float) (0.1 * random.nextGaussian());
      }
      int[] tokens = new int[2 + random.nextInt(5)];
      for (int u = 0; u < tokens.length; u++) {
        tokens[u] = random.nextInt(vocab);
      }
      Utterance u = new Utterance("utt" + i, AudioRef.bytes(new byte[0], "synthetic"), "x", Double.NaN, SourceLocation.row("synthetic", i));
      out.add(new Example(u, "x", tokens, w, w.length));
    }
    return out;
  }

  static Batch.Host collate(List<Example> examples) {
    return Batch.collate(examples, examples.stream().map(Example::waveform).toList());
  }
}

package org.rnnt4j.loss;

import java.nio.FloatBuffer;
import java.util.Random;

/**
 * Seeded random RNN-T inputs for tests: N(0, scale) logits, random lengths and non-blank labels.
 */
final class RandomBatch {
  private RandomBatch() {}

  static RnntInputs create(Random random, int B, int T, int U, int V, int blank, float scale) {
    float[] logits = new float[B * T * (U + 1) * V];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian() * scale;
    }
    int[] targets = new int[B * U];
    int[] logitLengths = new int[B];
    int[] targetLengths = new int[B];
    for (int b = 0; b < B; b++) {
      logitLengths[b] =
          b == 0 ? T : 1 + random.nextInt(T); // the longest one sets T, as after NeMo's narrow
      targetLengths[b] = b == 0 ? U : random.nextInt(U + 1);
      for (int u = 0; u < U; u++) {
        int id = random.nextInt(V - 1); // any class but the blank
        targets[b * U + u] = id >= blank ? id + 1 : id;
      }
    }
    return new RnntInputs(
        FloatBuffer.wrap(logits), B, T, U, V, targets, logitLengths, targetLengths);
  }

  /** Utterance {@code b}'s logits (T_b, U_b+1, V) in double. */
  static double[][][] utteranceLogits(RnntInputs in, int b) {
    int T = in.maxFrames();
    int U1 = in.maxTargetLength() + 1;
    int V = in.vocabSize();
    int Tb = in.logitLengths()[b];
    int Ub = in.targetLengths()[b];
    double[][][] out = new double[Tb][Ub + 1][V];
    for (int t = 0; t < Tb; t++) {
      for (int u = 0; u <= Ub; u++) {
        for (int k = 0; k < V; k++) {
          out[t][u][k] = in.logits().get(((b * T + t) * U1 + u) * V + k);
        }
      }
    }
    return out;
  }

  /** Utterance {@code b}'s labels (U_b). */
  static int[] utteranceLabels(RnntInputs in, int b) {
    int[] labels = new int[in.targetLengths()[b]];
    System.arraycopy(in.targets(), b * in.maxTargetLength(), labels, 0, labels.length);
    return labels;
  }
}

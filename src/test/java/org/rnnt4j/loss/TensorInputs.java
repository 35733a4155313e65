package org.rnnt4j.loss;

import org.rnnt4j.engine.Tensor;

/** Host-buffer test inputs as the tensors the tensor-ops backend takes. */
final class TensorInputs {
  private TensorInputs() {}

  /** The logits (B, T, U+1, V) float32, a copy. */
  static Tensor logits(RnntInputs in) {
    float[] values = new float[in.logitCount()];
    in.logits().duplicate().get(values);
    long[] shape = in.shape();
    return Tensor.of(values, shape);
  }

  /** The pruned logits (B, T, S, V) float32, a copy. */
  static Tensor logits(PrunedRnntInputs in) {
    float[] values = new float[in.logitCount()];
    in.logits().duplicate().get(values);
    return Tensor.of(values, in.batchSize(), in.maxFrames(), in.pruneRange(), in.vocabSize());
  }

  /** The targets (B, U) int64. */
  static Tensor targets(int[] targets, int B, int U) {
    long[] ids = new long[targets.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = targets[i];
    }
    return Tensor.ofLongs(ids, B, U);
  }

  static Tensor targets(RnntInputs in) {
    return targets(in.targets(), in.batchSize(), in.maxTargetLength());
  }
}

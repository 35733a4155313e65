package org.rnnt4j.model.encoder;

import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;

/** Time masks built from lengths. */
final class Masks {
  private Masks() {}

  /**
   * @param lengths (B) int64
   * @return (B, 1, T) float32, 1 where t < length, else 0
   */
  static Tensor valid(Tensor lengths, long frames) {
    Tensor t = Tensor.arange(frames).to(lengths.device()).unsqueeze(0); // (1, T)
    return t.lt(lengths.unsqueeze(1)).unsqueeze(1).to(DType.FLOAT32); // (B, 1, T)
  }

  /**
   * @param lengths (B) int64
   * @return (B, T) bool, true at the padding frames t >= length (NeMo's {@code pad_mask})
   */
  static Tensor padding(Tensor lengths, long frames) {
    Tensor t = Tensor.arange(frames).to(lengths.device()).unsqueeze(0); // (1, T)
    return t.ge(lengths.unsqueeze(1)); // (B, T)
  }
}

package org.rnnt4j.nn;

import org.rnnt4j.engine.Tensor;

/**
 * A lookup table (N, H) whose padding row is zero and receives no gradient. Mirrors
 * {@code torch.nn.Embedding(padding_idx=...)}: NeMo's prediction network uses the blank (the last row)
 * as the padding row.
 */
public final class Embedding extends Module {
  private final long paddingIdx;

  /** @param paddingIdx the padding row, or -1 for none */
  public Embedding(long rows, long dim, long paddingIdx) {
    this.paddingIdx = paddingIdx;
    Tensor w = Init.normal(1.0, rows, dim);
    if (paddingIdx >= 0) {
      w.select(0, paddingIdx).zero();
    }
    registerParameter("weight", w);
  }

  /**
   * @param ids int64 (...)
   * @return (..., H)
   */
  public Tensor forward(Tensor ids) {
    return ids.embeddingOf(parameter("weight"), paddingIdx);
  }
}

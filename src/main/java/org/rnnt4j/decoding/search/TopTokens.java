package org.rnnt4j.decoding.search;

import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TopK;
import org.rnnt4j.model.Transducer;

/**
 * The few log-probabilities a per-utterance search reads from the joint, copied to the host: per row
 * the k best tokens (ids and log-probabilities, best first) and, where asked, the blank's. The
 * log-softmax and top-k run on the model's device; one copy of R x (2k + 1) floats comes back (ids
 * travel as float32, exact below 2^24). Legend: R rows, J joint hidden, V vocabulary including the blank (id V-1).
 */
public record TopTokens(int rows, int k, float[] values, int[] ids, float[] blanks) {
  /**
   * NeMo's {@code log_softmax(joint(enc, dec))}.
   *
   * @param encRows projected encoder frames (1, J) or (R, J)
   * @param predRows projected prediction outputs (R, J)
   * @return (R, V)
   */
  public static Tensor logProbs(Transducer model, Tensor encRows, Tensor predRows) {
    return model.joinProjected(encRows, predRows).logSoftmax(-1);
  }

  /**
   * The k best non-blank tokens of each row and the blank's log-probability (NeMo's {@code
   * beam_logp[:, ids].topk(k)} with {@code ids} = every id but the blank, and {@code beam_logp[:,
   * blank]}).
   *
   * @param logProbs (R, V), blank last (id V-1)
   */
  public static TopTokens nonBlank(Tensor logProbs, int k) {
    long vocab = logProbs.size(1) - 1;
    TopK top = logProbs.narrow(1, 0, vocab).topk(k, 1); // (R, k)
    Tensor packed =
        Tensor.cat(List.of(top.values(), top.indices().to(DType.FLOAT32), logProbs.narrow(1, vocab, 1)), 1); // (R, 2k+1)
    return unpack(packed, (int) logProbs.size(0), k, true);
  }

  /**
   * The k best classes of each row, the blank included (NeMo mAES's {@code ytm.topk(max_candidates)}).
   *
   * @param logProbs (R, V)
   */
  public static TopTokens all(Tensor logProbs, int k) {
    TopK top = logProbs.topk(k, 1); // (R, k)
    Tensor packed = Tensor.cat(List.of(top.values(), top.indices().to(DType.FLOAT32)), 1); // (R, 2k)
    return unpack(packed, (int) logProbs.size(0), k, false);
  }

  /**
   * @param logProbs (R, V)
   * @return the last (blank) column, one copy of R floats
   */
  public static float[] blankColumn(Tensor logProbs) {
    return logProbs.narrow(1, logProbs.size(1) - 1, 1).toFloatArray();
  }

  /**
   * @param logProbs (R, V)
   * @param ids one class per row (R), copied to the device
   * @return {@code logProbs[r, ids[r]]}, one copy of R floats
   */
  public static float[] pick(Tensor logProbs, long[] ids) {
    Tensor index = Tensor.ofLongs(ids, ids.length, 1).to(logProbs.device()); // (R, 1)
    return logProbs.gather(1, index).toFloatArray();
  }

  private static TopTokens unpack(Tensor packed, int rows, int k, boolean withBlank) {
    float[] flat = packed.toFloatArray();
    int width = 2 * k + (withBlank ? 1 : 0);
    float[] values = new float[rows * k];
    int[] ids = new int[rows * k];
    float[] blanks = withBlank ? new float[rows] : null;
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < k; i++) {
        values[r * k + i] = flat[r * width + i];
        ids[r * k + i] = (int) flat[r * width + k + i];
      }
      if (withBlank) {
        blanks[r] = flat[r * width + 2 * k];
      }
    }
    return new TopTokens(rows, k, values, ids, blanks);
  }

  public float value(int row, int i) {
    return values[row * k + i];
  }

  public int id(int row, int i) {
    return ids[row * k + i];
  }

  public float blank(int row) {
    return blanks[row];
  }
}

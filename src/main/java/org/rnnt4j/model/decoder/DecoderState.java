package org.rnnt4j.model.decoder;

import java.util.List;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;

/**
 * The prediction network's recurrent state for a batch of rows (utterances or hypotheses), opaque to
 * decoders: they only pick, merge and stack rows, as NeMo's {@code batch_select_state} and {@code
 * batch_concat_state} do. Legend: R rows, K picked rows.
 */
public interface DecoderState {
  /** R, the number of rows. */
  long rows();

  /**
   * @param indices (K) int64 row indices, repeats allowed
   * @return the state of those rows, in that order (K rows)
   */
  DecoderState select(Tensor indices);

  /**
   * @param mask (R) bool: rows to take from this state
   * @param otherwise a state of the same R rows, taken where {@code mask} is false
   * @return the row-wise choice (R rows)
   */
  DecoderState where(Tensor mask, DecoderState otherwise);

  /**
   * @param parts states to stack, in order
   * @return one state holding every part's rows (sum of their R)
   */
  static DecoderState cat(List<? extends DecoderState> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no states to concatenate");
    }
    return parts.get(0).concat(parts);
  }

  /**
   * Makes {@code owner} also own this state's tensors (see {@link TensorScope#adopt}): they then live
   * until {@code owner} closes, even when the scope they were made in closes first. A decoder's cache of
   * prediction states lives this way in the utterance's scope while each step frees its temporaries.
   *
   * @return this state
   */
  DecoderState keepIn(TensorScope owner);

  /**
   * Overwrites this state's rows in place with {@code source}'s (same rows), as NeMo's {@code
   * batch_replace_states_all}: a decoding loop carries its state in one buffer instead of keeping every
   * step's.
   *
   * @param source a state of the same R rows and type
   */
  void copyFrom(DecoderState source);

  /** Implementation of {@link #cat}: {@code parts} includes this state and has this state's type. */
  DecoderState concat(List<? extends DecoderState> parts);
}

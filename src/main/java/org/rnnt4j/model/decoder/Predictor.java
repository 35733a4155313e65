package org.rnnt4j.model.decoder;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;

/**
 * The transducer's prediction network as the transducer and its decoders see it (torchaudio's {@code
 * Predictor}): a whole label sequence for training, one token per row for decoding, with an opaque
 * {@link DecoderState}. Legend: B rows, U labels, H hidden, V vocabulary including the blank; the blank
 * id is V-1, and feeding it gives the start (zero) input.
 */
public interface Predictor {
  /** One decoding step's output (B, 1, H) and the state after it. */
  record Step(Tensor values, DecoderState state) {}

  /** The blank id, V-1 (also the tokenizer's piece count, the vocabulary without the blank). */
  int blank();

  /** H, the size of each output. */
  long hiddenSize();

  /**
   * Runs over a whole label batch with the start step prepended (NeMo's add_sos).
   *
   * @param labels (B, U) int64, padded with any id
   * @return (B, H, U+1)
   */
  Tensor forwardLabels(Tensor labels);

  /**
   * @param tokens (B) int64, the last emitted token per row or the blank (start)
   * @param state the state after the previous step, or null for the initial state
   * @return values (B, 1, H) and the new state
   */
  Step step(Tensor tokens, DecoderState state);

  /** The module holding this network's parameters (registered as {@code decoder}). */
  Module module();
}

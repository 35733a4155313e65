package org.rnnt4j.model.joint;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;

/**
 * The transducer's joint network as the transducer, its objectives and its decoders see it: the full
 * joint for training, and the projection verbs that let greedy and beam search project each encoder
 * frame and each prediction once and combine them per step. Legend: B batch, T frames, U label
 * positions, J joint hidden, V vocabulary including the blank (the logits' V classes, blank last: id
 * V-1).
 */
public interface Joiner {
  /** V, the output classes, the blank included. */
  int numClassesWithBlank();

  /**
   * @param encoded (B, T, H_enc)
   * @return (B, T, J)
   */
  Tensor projectEncoder(Tensor encoded);

  /**
   * @param predicted (B, U, H_pred)
   * @return (B, U, J)
   */
  Tensor projectPrediction(Tensor predicted);

  /**
   * Combines projected inputs that broadcast against each other.
   *
   * @param encProjected (B, T, 1, J) or (B, J)
   * @param predProjected (B, 1, U, J) or (B, J)
   * @return raw logits (B, T, U, V) or (B, V)
   */
  Tensor joinProjected(Tensor encProjected, Tensor predProjected);

  /**
   * @param encoded (B, H_enc, T) as the encoder returns it
   * @param predicted (B, H_pred, U+1) as the prediction network returns it
   * @return raw logits (B, T, U+1, V)
   */
  Tensor forward(Tensor encoded, Tensor predicted);

  /** The module holding this network's parameters (registered as {@code joint}). */
  Module module();
}

package org.rnnt4j.model.joint;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;

/**
 * The "simple" joiner of pruned RNN-T training (icefall's {@code simple_am_proj} and {@code
 * simple_lm_proj} in {@code pruned_transducer_stateless7/model.py}): linear projections of the
 * encoder and prediction-network outputs straight to the V classes, whose sum stands in for the
 * joint network in the cheap loss that chooses the pruning bounds. It exists only for training and
 * is not part of a NeMo model (state keys {@code simple_am_proj.*}, {@code simple_lm_proj.*}).
 *
 * <p>Legend: B batch, T frames, U labels, H hidden, V classes including the blank (the last, id V-1).
 */
public final class SimpleJoiner extends Module {
  private final Linear am;
  private final Linear lm;

  /**
   * @param encoderHidden H_enc
   * @param predHidden H_pred
   * @param numClassesWithBlank V
   */
  public SimpleJoiner(long encoderHidden, long predHidden, int numClassesWithBlank) {
    am = registerModule("simple_am_proj", new Linear(encoderHidden, numClassesWithBlank, true));
    lm = registerModule("simple_lm_proj", new Linear(predHidden, numClassesWithBlank, true));
  }

  /**
   * @param encoded (B, T, H_enc)
   * @return acoustic logits (B, T, V)
   */
  public Tensor am(Tensor encoded) {
    return am.forward(encoded);
  }

  /**
   * @param predicted (B, U+1, H_pred)
   * @return label-context logits (B, U+1, V)
   */
  public Tensor lm(Tensor predicted) {
    return lm.forward(predicted);
  }
}

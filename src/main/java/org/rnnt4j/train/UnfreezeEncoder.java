package org.rnnt4j.train;

import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.nn.Module;

/**
 * {@code --unfreeze_encoder}: unfreezes the encoder frozen by {@code --freeze_encoder} once the first
 * evaluation during training has run, so the new heads settle before the encoder moves. (The Python
 * recipe's callback unfreezes at every 50th step instead, hard-coded.)
 */
public final class UnfreezeEncoder implements TrainingListener {
  private static final Logger LOG = Logger.getLogger(UnfreezeEncoder.class.getName());
  private final Module encoder;
  private boolean done;

  public UnfreezeEncoder(Module encoder) {
    this.encoder = encoder;
  }

  @Override
  public void onEvaluate(TrainerState state, Map<String, Object> metrics) {
    if (!done) {
      done = true;
      int n = EncoderFreezing.unfreeze(encoder);
      LOG.info("step " + state.globalStep() + ": encoder unfrozen after the first evaluation (" + n + " parameter tensors)");
    }
  }

  /** A resumed run whose history already has an evaluation continues with the encoder unfrozen. */
  public void resumeAfter(java.util.List<Map<String, Object>> history) {
    if (!done && history.stream().anyMatch(e -> e.keySet().stream().anyMatch(k -> k.startsWith("eval_")))) {
      done = true;
      int n = EncoderFreezing.unfreeze(encoder);
      LOG.info("encoder unfrozen: the resumed run had evaluated before (" + n + " parameter tensors)");
    }
  }

  boolean done() {
    return done;
  }
}

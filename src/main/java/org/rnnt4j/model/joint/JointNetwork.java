package org.rnnt4j.model.joint;

import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Linear;
import org.rnnt4j.nn.Module;
import org.rnnt4j.nn.ModuleList;

/**
 * NeMo's {@code RNNTJoint}: {@code relu(enc(f_t) + pred(g_u))}, dropout, then a linear layer to V
 * classes with the blank LAST (V counts the blank, which is id V-1; NeMo's {@code num_classes} is V-1).
 * State keys (under {@code joint}): {@code pred (J, H_pred)}, {@code enc (J, H_enc)}, {@code
 * joint_net.<i> (V, J)} where i is 2 with dropout and 1 without, as NeMo numbers its Sequential. Returns
 * raw logits; the loss applies log-softmax itself.
 */
public final class JointNetwork extends Module implements Joiner {
  private final Linear pred;
  private final Linear enc;
  private final Linear out;
  private final double dropout;
  private final int numClasses;

  /**
   * @param numClassesWithBlank V
   */
  public JointNetwork(long encoderHidden, long predHidden, long jointHidden, int numClassesWithBlank, double dropout) {
    this.dropout = dropout;
    this.numClasses = numClassesWithBlank;
    pred = registerModule("pred", new Linear(predHidden, jointHidden, true));
    enc = registerModule("enc", new Linear(encoderHidden, jointHidden, true));
    ModuleList net = registerModule("joint_net", new ModuleList());
    out = net.put(dropout > 0 ? 2 : 1, new Linear(jointHidden, numClassesWithBlank, true));
  }

  @Override
  public Module module() {
    return this;
  }

  @Override
  public int numClassesWithBlank() {
    return numClasses;
  }

  /**
   * Projects encoder frames once (reused across label positions in decoding).
   *
   * @param encoded (B, T, H_enc)
   * @return (B, T, J)
   */
  @Override
  public Tensor projectEncoder(Tensor encoded) {
    return enc.forward(encoded);
  }

  /**
   * @param predicted (B, U, H_pred)
   * @return (B, U, J)
   */
  @Override
  public Tensor projectPrediction(Tensor predicted) {
    return pred.forward(predicted);
  }

  /**
   * Combines projected inputs that broadcast against each other.
   *
   * @param encProjected (B, T, 1, J) or (B, J)
   * @param predProjected (B, 1, U, J) or (B, J)
   * @return logits (B, T, U, V) or (B, V)
   */
  @Override
  public Tensor joinProjected(Tensor encProjected, Tensor predProjected) {
    Tensor h = encProjected.add(predProjected).relu().dropout(dropout, dropoutActive());
    return out.forward(h);
  }

  /**
   * The full joint over every (t, u) pair.
   *
   * @param encoded (B, H_enc, T) as the encoder returns it
   * @param predicted (B, H_pred, U+1) as the prediction network returns it
   * @return raw logits (B, T, U+1, V)
   */
  @Override
  public Tensor forward(Tensor encoded, Tensor predicted) {
    Tensor f = projectEncoder(encoded.transpose(1, 2)).unsqueeze(2); // (B, T, 1, J)
    Tensor g = projectPrediction(predicted.transpose(1, 2)).unsqueeze(1); // (B, 1, U+1, J)
    return joinProjected(f, g); // (B, T, U+1, V)
  }
}

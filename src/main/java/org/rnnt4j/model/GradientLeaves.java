package org.rnnt4j.model;

import org.rnnt4j.engine.Tensor;

/**
 * The cut between the joint's backward pass, which an objective runs itself, and the encoder's and
 * prediction network's, which the trainer runs: the objective computes on detached copies of their
 * outputs whose gradients autograd accumulates, and then hands back one scalar whose backward sends
 * those gradients into the graphs behind the originals. This is what lets a sub-batch's joint
 * activations be freed before the next sub-batch's exist.
 *
 * <p>Legend: B batch, H hidden, T frames, U labels.
 */
final class GradientLeaves {
  private final Tensor encodedSource;
  private final Tensor predictedSource;

  /** (B, H_enc, T): the encoder output, detached, accumulating its gradient. */
  final Tensor encoded;

  /** (B, H_pred, U+1): the prediction network output, detached, accumulating its gradient. */
  final Tensor predicted;

  GradientLeaves(Tensor encoded, Tensor predicted) {
    this.encodedSource = encoded;
    this.predictedSource = predicted;
    this.encoded = encoded.detach().requiresGrad(true);
    this.predicted = predicted.detach().requiresGrad(true);
  }

  /**
   * A 0-d tensor of value {@code value} whose backward adds the accumulated gradients to the
   * sources' graphs: {@code sum(source * grad)} minus its own value. A zero leaf keeps it
   * differentiable when neither source is (a frozen encoder and prediction network).
   */
  Tensor loss(double value) {
    Tensor surrogate = Tensor.scalar(0f).requiresGrad(true);
    surrogate = addTerm(surrogate, encodedSource, encoded.grad());
    surrogate = addTerm(surrogate, predictedSource, predicted.grad());
    return surrogate.sub(surrogate.detach()).add(value);
  }

  private static Tensor addTerm(Tensor surrogate, Tensor source, Tensor gradient) {
    if (gradient == null || !source.requiresGrad()) {
      return surrogate;
    }
    return surrogate.add(source.mul(gradient).sum()); // (B, H, T) -> ()
  }

  /** {@code weights} ({@code d loss / d L_b}, (B)) times {@code scale}: a loss part's weight or a loss scaler's factor. */
  static double[] scaled(double[] weights, double scale) {
    double[] out = new double[weights.length];
    for (int b = 0; b < weights.length; b++) {
      out[b] = weights[b] * scale;
    }
    return out;
  }
}

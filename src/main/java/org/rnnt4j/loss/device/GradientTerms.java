package org.rnnt4j.loss.device;

import java.util.List;
import org.rnnt4j.engine.Tensor;

/**
 * What the closed-form gradient needs per lattice cell, from alpha, beta and {@code log P}: with
 * {@code logP = log P(y_b|x_b)},
 *
 * <pre>
 *   occupancy   = exp(alpha(t,u) + beta(t,u) - logP)
 *   blank edge  = exp(alpha(t,u) + blank(t,u) + beta(t+1,u) - logP)   (beta(T_b, U_b) = 0: the final blank)
 *   label edge  = exp(alpha(t,u) + label(t,u) + beta(t,u+1) - logP)
 * </pre>
 *
 * and the gradient of {@code -(1+lambda) log P} with respect to the logits of cell {@code (t, u)}
 * is {@code softmax_k * (occupancy + lambda * label edge) - [k = blank] blank edge - [k = y_{u+1}]
 * (1 + lambda) label edge}: NeMo's {@code compute_grad_kernel} with FastEmit, torchaudio's for
 * lambda = 0, and the Java kernel's {@code GradientSweep}. Cells outside an utterance come out as
 * zeros (their beta, blank and label are {@code -inf}).
 *
 * <p>Legend: B batch, T frames, U labels.
 *
 * @param logScale {@code log(occupancy + lambda * label edge)}, (B, T, U+1)
 * @param blankMass the blank edge's posterior, (B, T, U+1)
 * @param labelMass {@code (1 + lambda)} times the label edge's posterior, (B, T, U+1)
 */
record GradientTerms(Tensor logScale, Tensor blankMass, Tensor labelMass) {

  /**
   * @param alpha (B, T, U+1)
   * @param beta (B, T, U+1)
   * @param logLikelihood (B)
   */
  static GradientTerms of(
      EdgeLogProbs lp,
      LatticeMasks masks,
      Tensor alpha,
      Tensor beta,
      Tensor logLikelihood,
      double fastemitLambda) {
    long B = alpha.size(0);
    long T = alpha.size(1);
    long U1 = alpha.size(2);
    double none = Double.NEGATIVE_INFINITY;
    Tensor logP = logLikelihood.view(B, 1, 1); // (B, 1, 1)
    Tensor below = alpha.sub(logP); // (B, T, U+1) log alpha / P
    Tensor nextFrame =
        Tensor.cat(
                List.of(beta.narrow(1, 1, T - 1), beta.newFull(none, beta.dtype(), B, 1, U1)), 1)
            .where(masks.last().logicalNot(), 0.0); // (B, T, U+1) beta(t+1, u), 0 after the end
    Tensor nextLabel =
        Tensor.cat(
            List.of(beta.narrow(2, 1, U1 - 1), beta.newFull(none, beta.dtype(), B, T, 1)),
            2); // (B, T, U+1) beta(t, u+1)
    Tensor logOccupancy = below.add(beta); // (B, T, U+1)
    Tensor logLabelEdge = below.add(lp.label()).add(nextLabel); // (B, T, U+1)
    Tensor blankEdge = below.add(lp.blank()).add(nextFrame).exp(); // (B, T, U+1)
    if (fastemitLambda <= 0) {
      return new GradientTerms(logOccupancy, blankEdge, logLabelEdge.exp());
    }
    return new GradientTerms(
        logOccupancy.logaddexp(logLabelEdge.add(Math.log(fastemitLambda))),
        blankEdge,
        logLabelEdge.exp().mul(1 + fastemitLambda));
  }
}

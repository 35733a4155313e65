package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;

/**
 * The training backward that writes the gradient over the logits: the same gradients as the
 * surrogate of {@link TransducerLoss#compute}, and a loud failure when an autograd node saved the
 * logits it overwrites.
 */
class TransducerLossInPlaceTest {
  private static final long[] LABELS = {1, 2, 0, 3, 3, 1};
  private static final int[] FRAMES = {5, 3};
  private static final int[] LENGTHS = {3, 2};

  @Test
  void sameGradientsAsTheSurrogateThroughALinearLayer() {
    try (TensorScope scope = new TensorScope();
        TransducerLoss loss = new TransducerLoss(Reduction.MEAN_VOLUME, 0.01, 0.5)) {
      Engine.seed(3);
      Tensor weight = Tensor.randn(6, 4).requiresGrad(true);
      Tensor hidden = Tensor.randn(2, 5, 4, 4);
      Tensor labels = Tensor.ofLongs(LABELS, 2, 3);
      TransducerLoss.Value v =
          loss.compute(
              hidden.linear(weight, null), labels, Tensor.ofLongs(new long[] {5, 3}, 2),
              Tensor.ofLongs(new long[] {3, 2}, 2));
      v.loss().backward();
      float[] expected = weight.grad().toFloatArray();
      weight.clearGrad();

      double[] weights = Reduction.MEAN_VOLUME.gradientWeights(LENGTHS);
      LossResult r =
          loss.backwardInPlace(hidden.linear(weight, null), labels, FRAMES, LENGTHS, weights);
      assertArrayEquals(v.perUtterance(), r.perUtterance());
      assertEquals(v.value(), r.value(), 1e-12 * v.value());
      float[] actual = weight.grad().toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-6 * Math.abs(expected[i]) + 1e-9, "grad " + i);
      }
    }
  }

  @Test
  void logitsThatAutogradSavedAreRefused() {
    try (TensorScope scope = new TensorScope();
        TransducerLoss loss = new TransducerLoss(Reduction.SUM, 0, -1)) {
      Tensor x = Tensor.randn(2, 5, 4, 6).requiresGrad(true);
      Tensor logits = x.exp(); // exp's backward needs its output: it must not be overwritten
      RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () ->
                  loss.backwardInPlace(
                      logits, Tensor.ofLongs(LABELS, 2, 3), FRAMES, LENGTHS, new double[] {1, 1}));
      assertTrue(String.valueOf(e.getMessage()).contains("inplace"), e.getMessage());
    }
  }
}

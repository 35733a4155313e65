package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/** The autograd-facing loss on the contextnet_strided_tiny joint goldens: B=2, T=72, U+1=33, V=129 (the blank included). */
class TransducerLossGoldenTest {
  @Test
  void lossAndLogitGradientMatchTorchaudioThroughAutograd() {
    SafeTensorsFile g = Goldens.nemoGoldens("contextnet_strided_tiny");
    Tensor logits = Goldens.tensor(g, "joint_logits").retain().requiresGrad(true);
    try (TransducerLoss loss = new TransducerLoss(Reduction.MEAN_BATCH, 0.0, -1.0)) {
      TransducerLoss.Value v =
          loss.compute(
              logits, Goldens.tensor(g, "labels"), Goldens.tensor(g, "encoded_lengths"),
              Goldens.tensor(g, "label_lengths"));
      double expected = Goldens.tensor(g, "loss").item();
      assertEquals(expected, v.value(), 1e-4 * Math.abs(expected));
      assertEquals(expected, v.loss().item(), 1e-4 * Math.abs(expected));
      Goldens.assertClose(
          Tensor.of(toFloats(v.perUtterance()), 2), Goldens.tensor(g, "loss_per_utterance"), 1e-4, "per utterance");
      v.loss().backward();
      Goldens.assertClose(logits.grad(), Goldens.tensor(g, "grad.joint_logits"), 1e-4, "grad.joint_logits");
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}

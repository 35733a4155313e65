package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * The tensor-ops backend on the torchaudio goldens that {@link RnntLossGoldenTest} checks the Java
 * kernel on ({@code src/test/resources/loss/}: torchaudio 0.13.1's {@code rnnt_loss}, and for
 * FastEmit a float64 port of NeMo's numba kernel), through {@link TransducerLoss} with the backend
 * forced: per-utterance losses, the four reductions and the gradients of {@code sum} and {@code
 * mean_batch} from autograd, each to {@code max|a-b| / max|b| <= 1e-4}; and the contextnet joint
 * goldens of {@link TransducerLossGoldenTest}.
 */
class TensorOpsGoldenTest {
  private static final double TOLERANCE = 1e-4;
  private static final SafeTensorsFile GOLDENS =
      SafeTensors.read(Goldens.resource("loss/rnnt_loss_goldens.safetensors"));

  static Stream<JsonNode> cases() {
    return RnntLossGoldenTest.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGoldens(JsonNode spec) {
    String name = spec.get("name").textValue();
    double clamp = spec.get("clamp").doubleValue();
    double lambda = spec.get("fastemit_lambda").doubleValue();
    NamedArray logitArray = GOLDENS.tensor(name + ".logits");
    StringBuilder report = new StringBuilder(String.format("%-22s", name));
    for (Reduction reduction :
        List.of(Reduction.SUM, Reduction.MEAN_BATCH, Reduction.MEAN, Reduction.MEAN_VOLUME)) {
      try (TensorScope scope = new TensorScope();
          TransducerLoss loss =
              new TransducerLoss(reduction, lambda, clamp, LossBackendChoice.TENSOR_OPS)) {
        Tensor logits = Tensor.of(logitArray.toFloatArray(), logitArray.shape()).requiresGrad(true);
        TransducerLoss.Value v =
            loss.compute(
                logits, golden(name + ".targets"), golden(name + ".logit_lengths"),
                golden(name + ".target_lengths"));
        double expected = GOLDENS.tensor(name + ".loss." + reduction.nemoName()).toFloatArray()[0];
        if (Double.isInfinite(expected)) {
          assertEquals(expected, v.value(), name + ": " + reduction + " (NeMo gives +inf here)");
          continue;
        }
        assertEquals(expected, v.value(), TOLERANCE * Math.abs(expected), name + ": " + reduction);
        if (reduction == Reduction.SUM) {
          double error =
              GoldenMath.relativeError(
                  v.perUtterance(), toDoubles(GOLDENS.tensor(name + ".loss_per_utterance").toFloatArray()));
          report.append(String.format(" loss %.1e", error));
          assertTrue(error <= TOLERANCE, name + ": per-utterance loss error " + error);
        }
        if (reduction == Reduction.SUM || reduction == Reduction.MEAN_BATCH) {
          v.loss().backward();
          double error =
              GoldenMath.relativeError(
                  logits.grad().toFloatArray(),
                  GOLDENS.tensor(name + ".grad." + reduction.nemoName()).toFloatArray());
          report.append(String.format(", grad.%s %.1e", reduction.nemoName(), error));
          assertTrue(error <= TOLERANCE, name + ": grad." + reduction.nemoName() + " " + error);
        }
      }
    }
    System.out.println(report);
  }

  @Test
  void contextnetJointGoldensThroughAutograd() {
    SafeTensorsFile g = Goldens.nemoGoldens("contextnet_strided_tiny");
    try (TensorScope scope = new TensorScope();
        TransducerLoss loss =
            new TransducerLoss(Reduction.MEAN_BATCH, 0.0, -1.0, LossBackendChoice.TENSOR_OPS)) {
      Tensor logits = Goldens.tensor(g, "joint_logits").requiresGrad(true);
      TransducerLoss.Value v =
          loss.compute(
              logits, Goldens.tensor(g, "labels"), Goldens.tensor(g, "encoded_lengths"),
              Goldens.tensor(g, "label_lengths"));
      double expected = Goldens.tensor(g, "loss").item();
      assertEquals(expected, v.value(), 1e-4 * Math.abs(expected));
      assertEquals(expected, v.loss().item(), 1e-4 * Math.abs(expected));
      v.loss().backward();
      Goldens.assertClose(logits.grad(), Goldens.tensor(g, "grad.joint_logits"), 1e-4, "grad");
    }
  }

  private static Tensor golden(String name) {
    NamedArray a = GOLDENS.tensor(name);
    return Tensor.ofLongs(a.toLongArray(), a.shape());
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}

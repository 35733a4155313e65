package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * Every case of the standalone loss goldens ({@code src/test/resources/loss/}, copied from {@code
 * ../shared/fixtures/nemo/loss/}, made by torchaudio 0.13.1's {@code rnnt_loss} and, for FastEmit, a float64
 * port of NeMo's numba kernel): per-utterance losses, the four reductions and the gradients of
 * {@code sum} and {@code mean_batch}, each to {@code max|a-b| / max|b| <= 1e-4}.
 */
class RnntLossGoldenTest {
  private static final double TOLERANCE = 1e-4;
  private static SafeTensorsFile goldens;

  @BeforeAll
  static void load() {
    goldens = SafeTensors.read(resource("rnnt_loss_goldens.safetensors"));
  }

  @AfterAll
  static void release() {
    goldens = null;
  }

  static Stream<JsonNode> cases() {
    List<JsonNode> out = new ArrayList<>();
    Json.read(resource("rnnt_loss_goldens.json")).get("cases").forEach(out::add);
    assertEquals(11, out.size(), "fixture case count");
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGoldens(JsonNode spec) {
    String name = spec.get("name").textValue();
    int V = spec.get("V").intValue();
    assertEquals(V - 1, spec.get("blank").intValue(), name + ": the fixtures put the blank last");
    NamedArray logits = goldens.tensor(name + ".logits");
    RnntInputs in =
        RnntInputs.of(
            logits.floatBuffer(),
            logits.shape(),
            goldens.tensor(name + ".targets").toLongArray(),
            goldens.tensor(name + ".logit_lengths").toLongArray(),
            goldens.tensor(name + ".target_lengths").toLongArray());
    RnntLossOptions options =
        RnntLossOptions.defaults()
            .withClamp(spec.get("clamp").doubleValue())
            .withFastemitLambda(spec.get("fastemit_lambda").doubleValue())
            .withThreads(2);

    try (RnntLoss loss = new RnntLoss(options)) {
      double[] losses = loss.losses(in);
      double lossError =
          GoldenMath.relativeError(losses, toDoubles(golden(name + ".loss_per_utterance")));
      assertTrue(lossError <= TOLERANCE, name + ": per-utterance loss error " + lossError);

      StringBuilder report = new StringBuilder(String.format("%-22s loss %.1e", name, lossError));
      for (Reduction reduction :
          List.of(Reduction.MEAN_BATCH, Reduction.SUM, Reduction.MEAN, Reduction.MEAN_VOLUME)) {
        double expected = golden(name + ".loss." + reduction.nemoName())[0];
        double actual = loss.loss(in, reduction).value();
        if (Double.isInfinite(expected)) {
          assertEquals(expected, actual, name + ": " + reduction + " (NeMo gives +inf here)");
        } else {
          assertEquals(expected, actual, TOLERANCE * Math.abs(expected), name + ": " + reduction);
        }
      }
      for (Reduction reduction : List.of(Reduction.SUM, Reduction.MEAN_BATCH)) {
        FloatBuffer gradient = FloatBuffer.allocate(in.logitCount());
        LossResult result = loss.lossAndGradient(in, reduction, gradient);
        assertEquals(
            loss.loss(in, reduction), result, name + ": the loss does not depend on the gradient");
        float[] actual = new float[in.logitCount()];
        gradient.get(actual);
        double error =
            GoldenMath.relativeError(actual, golden(name + ".grad." + reduction.nemoName()));
        report.append(String.format(", grad.%s %.1e", reduction.nemoName(), error));
        assertTrue(error <= TOLERANCE, name + ": grad." + reduction.nemoName() + " error " + error);
      }
      System.out.println(report);
    }
  }

  private static float[] golden(String tensor) {
    return goldens.tensor(tensor).toFloatArray();
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static Path resource(String file) {
    try {
      return Path.of(RnntLossGoldenTest.class.getResource("/loss/" + file).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource /loss/" + file + " is missing", e);
    }
  }
}

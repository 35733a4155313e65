package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.device.DeviceRnntLoss;
import org.rnnt4j.loss.device.LatticeBatch;

class DeviceRnntLossTest {
  private static final long SEED = 20260301L;

  @Test
  void matchesTheJavaKernelOnRandomBatches() {
    System.out.println("DeviceRnntLossTest seed = " + SEED);
    Random random = new Random(SEED);
    double worstLoss = 0;
    double worstGrad = 0;
    for (int c = 0; c < 60; c++) {
      int B = 1 + random.nextInt(4);
      int T = 1 + random.nextInt(20);
      int U = random.nextInt(9);
      int V = 2 + random.nextInt(29);
      double lambda = random.nextBoolean() ? 0 : 0.01 + random.nextDouble() * 0.1;
      double clamp = random.nextBoolean() ? -1 : 0.05 + random.nextDouble() * 0.3;
      RnntInputs in = RandomBatch.create(random, B, T, U, V, V - 1, 1 + random.nextFloat() * 3);
      double[] weights = new double[B];
      for (int b = 0; b < B; b++) {
        weights[b] = random.nextDouble() * 2 - 0.5;
      }
      float[] expected = new float[in.logitCount()];
      LossResult java;
      try (RnntLoss loss =
          new RnntLoss(RnntLossOptions.defaults().withFastemitLambda(lambda).withClamp(clamp).withThreads(1))) {
        FloatBuffer g = FloatBuffer.wrap(expected);
        java = loss.lossAndGradient(in, weights, g);
      }
      try (TensorScope scope = new TensorScope()) {
        float[] values = new float[in.logitCount()];
        in.logits().duplicate().get(values);
        Tensor logits = Tensor.of(values, B, T, U + 1, V);
        long[] ids = new long[B * U];
        int[] targets = in.targets();
        for (int i = 0; i < ids.length; i++) {
          ids[i] = targets[i];
        }
        LatticeBatch batch =
            new LatticeBatch(logits, Tensor.ofLongs(ids, B, U), in.logitLengths(), in.targetLengths(), null, U);
        DeviceRnntLoss device = new DeviceRnntLoss(-1, lambda, clamp, DType.FLOAT64);
        DeviceRnntLoss.Result r = device.lossAndGradient(batch, weights, null);
        double[] losses = r.perUtterance().toDoubleArray();
        float[] actual = logits.toFloatArray();
        double lossError = GoldenMath.relativeError(losses, java.perUtterance());
        double gradError = GoldenMath.relativeError(actual, expected);
        worstLoss = Math.max(worstLoss, lossError);
        worstGrad = Math.max(worstGrad, gradError);
        System.out.printf("case %d B=%d T=%d U=%d V=%d lambda=%.3f clamp=%.3f: loss %.1e grad %.1e%n", c, B, T, U, V, lambda, clamp, lossError, gradError);
        assertTrue(!(r.invalidLabels().item() > 0), "labels are valid");
      }
    }
    System.out.printf("worst loss %.1e grad %.1e%n", worstLoss, worstGrad);
    assertTrue(worstLoss <= 1e-5 && worstGrad <= 1e-5);
  }
}

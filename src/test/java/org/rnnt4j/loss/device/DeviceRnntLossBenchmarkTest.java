package org.rnnt4j.loss.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.RnntInputs;
import org.rnnt4j.loss.RnntLoss;
import org.rnnt4j.loss.RnntLossOptions;

/**
 * Where the tensor-ops loss spends its time at the benchmark shape B=8, T=250, U=60, V=1025 on the
 * CPU (two threads): the pass over V for the normalisers, the label and blank gathers, alpha, beta
 * and the gradient pass, each timed alone, then the whole loss with its gradient written in place,
 * and, on the same logits in the same run (this machine's load moves a lot), the Java kernel's
 * losses and gradient written in place. Prints wall and process CPU seconds, never asserts a time. Run with {@code mvn -o test
 * -Pbenchmark -Dtest=DeviceRnntLossBenchmarkTest}. On a GPU the same stages are kernels on the
 * device and the host only launches them; these CPU figures say nothing about that case.
 */
@Tag("benchmark")
class DeviceRnntLossBenchmarkTest {
  private static final int B = 8;
  private static final int T = 250;
  private static final int U = 60;
  private static final int V = 1025;

  @Test
  void stagesAtTheBenchmarkShape() {
    Engine.setThreads(Integer.getInteger("rnnt4j.bench.threads", 2));
    Engine.seed(42);
    Random random = new Random(42);
    long[] ids = new long[B * U];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(V - 1);
    }
    int[] frames = new int[B];
    int[] lengths = new int[B];
    Arrays.fill(frames, T);
    Arrays.fill(lengths, U);
    double[] weights = new double[B];
    Arrays.fill(weights, 1.0 / B);
    Tensor logits = Tensor.randn(B, T, U + 1, V).retain();
    Tensor labels = Tensor.ofLongs(ids, B, U).retain();
    for (int run = 0; run < 3; run++) {
      try (TensorScope scope = new TensorScope()) {
        LatticeBatch batch = new LatticeBatch(logits, labels, frames, lengths, null, U);
        Stopwatch w = new Stopwatch();
        LatticeMasks masks = LatticeMasks.of(batch.frameTensor(), batch.labelCountTensor(), T, U);
        Tensor normalizers = RowSweeps.normalizers(logits, DType.FLOAT64);
        w.lap("normalisers (row log-sum-exp over V)");
        EdgeLogProbs lp =
            EdgeLogProbs.of(batch, logits, RowLayout.exact(U), masks, V - 1, DType.FLOAT64);
        w.lap("edge log-probs (normalisers again + gathers)");
        Tensor alpha = DiagonalLattice.alpha(lp);
        w.lap("alpha (" + (T + U) + " diagonal steps)");
        Tensor beta = DiagonalLattice.beta(lp, masks);
        w.lap("beta");
        Tensor logLikelihood = DiagonalLattice.logLikelihood(alpha, lp, masks);
        GradientTerms terms = GradientTerms.of(lp, masks, alpha, beta, logLikelihood, 0);
        w.lap("gradient terms (B, T, U+1)");
        Tensor gradient = Tensor.empty(DType.FLOAT32, logits.shape());
        RowSweeps.writeGradient(
            logits, gradient, terms.logScale().sub(normalizers), terms.blankMass(),
            terms.labelMass(), lp.rowLabels(), V - 1, -1, null);
        w.lap("gradient pass (into a new tensor)");
        Tensor copy = logits.cloneTensor();
        w.lap("(reference: one clone of the logits)");
        DeviceRnntLoss loss = new DeviceRnntLoss(-1, 0, -1, DType.FLOAT64);
        double[] losses = loss.lossAndGradient(new LatticeBatch(copy, labels, frames, lengths, null, U), weights, null)
            .perUtterance()
            .toDoubleArray();
        w.lap("whole loss + gradient in place");
        double[] forward = loss.losses(batch).perUtterance().toDoubleArray();
        w.lap("whole loss, no gradient");
        assertTrue(Double.isFinite(losses[0]) && Math.abs(losses[0] - forward[0]) < 1e-6 * forward[0]);
        Tensor javaCopy = logits.cloneTensor();
        int[] targets = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
          targets[i] = (int) ids[i];
        }
        w.lap("(reference: one clone of the logits)");
        try (RnntLoss java = new RnntLoss(RnntLossOptions.defaults().withThreads(Engine.threads()))) {
          RnntInputs in =
              new RnntInputs(javaCopy.floatBuffer(), B, T, U, V, targets, frames, lengths);
          java.lossAndGradient(in, Reduction.MEAN_BATCH, javaCopy.floatBuffer());
          w.lap("Java kernel: loss + gradient in place");
          java.losses(new RnntInputs(logits.floatBuffer(), B, T, U, V, targets, frames, lengths));
          w.lap("Java kernel: loss, no gradient");
        }
        System.out.println("run " + run + " (load average "
            + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + "):\n" + w);
      }
    }
  }

  /** Wall and process CPU time per stage. */
  private static final class Stopwatch {
    private final StringBuilder report = new StringBuilder();
    private long wall = System.nanoTime();
    private long cpu = cpuNanos();

    void lap(String what) {
      long nowWall = System.nanoTime();
      long nowCpu = cpuNanos();
      report.append(String.format("  %-46s %7.3f s wall %7.3f s CPU%n", what,
          (nowWall - wall) / 1e9, (nowCpu - cpu) / 1e9));
      wall = System.nanoTime();
      cpu = cpuNanos();
    }

    @Override
    public String toString() {
      return report.toString();
    }

    private static long cpuNanos() {
      return ManagementFactory.getOperatingSystemMXBean()
              instanceof com.sun.management.OperatingSystemMXBean os
          ? os.getProcessCpuTime()
          : 0;
    }
  }
}

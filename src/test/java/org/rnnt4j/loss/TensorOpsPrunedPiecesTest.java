package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.device.EdgeLattice;

/**
 * The pruned loss's pieces on the tensor-ops path against their host versions, which the other
 * loss tests check against k2's formulas and the naive transducer: the lattice on given edges
 * ({@link EdgeLattice} vs {@link LatticeRecursion}), the window search ({@link
 * PruneWindows#fromPosteriors} vs {@link PruneRanges#fromPosteriors}, identical starts), and the
 * simple loss with smoothing (values and the gradients of am and lm).
 */
class TensorOpsPrunedPiecesTest {
  private static final long SEED = 20260302L;

  @Test
  void edgeLatticeMatchesTheHostRecursion() {
    System.out.println("TensorOpsPrunedPiecesTest lattice seed = " + SEED);
    Random random = new Random(SEED);
    double worst = 0;
    for (int trial = 0; trial < 30; trial++) {
      int B = 1 + random.nextInt(4);
      int T = 1 + random.nextInt(15);
      int U = random.nextInt(8);
      RnntInputs in = RandomBatch.create(random, B, T, U, 5, 4, 2f); // for its ragged lengths
      // Edge log-probabilities of some lattice: any numbers <= 0 will do.
      double[] blank = new double[B * T * (U + 1)];
      double[] label = new double[B * T * U];
      for (int i = 0; i < blank.length; i++) {
        blank[i] = -3 * random.nextDouble();
      }
      for (int i = 0; i < label.length; i++) {
        label[i] = -3 * random.nextDouble();
      }
      double[] labelCells = new double[blank.length];
      for (int bt = 0; bt < B * T; bt++) {
        System.arraycopy(label, bt * U, labelCells, bt * (U + 1), U);
      }
      EdgePosteriors expected =
          LatticeRecursion.compute(blank, labelCells, T, U, in.logitLengths(), in.targetLengths());
      try (TensorScope scope = new TensorScope()) {
        EdgeLattice.Posteriors actual =
            EdgeLattice.compute(
                Tensor.ofDoubles(blank, B, T, U + 1),
                U == 0 ? null : Tensor.ofDoubles(label, B, T, U),
                in.logitLengths(),
                in.targetLengths(),
                DType.FLOAT64);
        worst = Math.max(worst, maxDiff(actual.logLikelihood().toDoubleArray(), expected.logLikelihood()));
        worst = Math.max(worst, maxDiff(actual.blank().toDoubleArray(), expected.blank()));
        worst = Math.max(worst, maxDiff(actual.label().toDoubleArray(), expected.label()));
      }
    }
    System.out.printf("edge lattice: worst |a-b| %.1e%n", worst);
    assertTrue(worst <= 1e-12, "edge lattice differs by " + worst);
  }

  @Test
  void windowsOnTheDeviceAreTheHostRanges() {
    System.out.println("TensorOpsPrunedPiecesTest windows seed = " + (SEED + 1));
    Random random = new Random(SEED + 1);
    for (int trial = 0; trial < 60; trial++) {
      int B = 1 + random.nextInt(4);
      int T = 1 + random.nextInt(12);
      int U = random.nextInt(9);
      RnntInputs in = RandomBatch.create(random, B, T, U, 6, 5, 3f);
      EdgePosteriors p = LatticeRecursionTest.posteriorsOf(in);
      int requested = 1 + random.nextInt(6);
      PruneRanges expected =
          PruneRanges.fromPosteriors(p, requested, in.logitLengths(), in.targetLengths());
      try (TensorScope scope = new TensorScope()) {
        PruneWindows actual =
            PruneWindows.fromPosteriors(
                Tensor.ofDoubles(p.blank(), B, T, U + 1),
                Tensor.ofDoubles(p.label(), B, T, U + 1),
                requested,
                in.logitLengths(),
                in.targetLengths());
        assertEquals(expected.width(), actual.width(), "trial " + trial);
        assertArrayEquals(expected.starts(), actual.toHost().starts(), "trial " + trial);
      }
    }
  }

  @Test
  void smoothedSimpleLossIsTheSameOnBothPaths() {
    int B = 3;
    int T = 6;
    int U = 4;
    int V = 7;
    int[] frames = {6, 3, 5};
    int[] lengths = {4, 0, 2};
    long[] targets = {1, 2, 3, 0, 9, 9, 9, 9, 5, 4, 0, 0}; // 9: padding
    double[] weights = {0.5, 1, -0.25};
    try (TensorScope scope = new TensorScope()) {
      Engine.seed(8);
      Tensor am = Tensor.randn(B, T, V).mul(2.0).requiresGrad(true);
      Tensor lm = Tensor.randn(B, U + 1, V).mul(2.0).requiresGrad(true);
      double[][] values = new double[2][];
      float[][] amGrads = new float[2][];
      float[][] lmGrads = new float[2][];
      int i = 0;
      for (LossBackendChoice backend :
          new LossBackendChoice[] {LossBackendChoice.JAVA_KERNEL, LossBackendChoice.TENSOR_OPS}) {
        SimpleTransducerLoss.Value v =
            new SimpleTransducerLoss(0.25, 0.1, backend)
                .compute(am, lm, Tensor.ofLongs(targets, B, U), frames, lengths);
        v.backward(weights);
        values[i] = v.perUtterance();
        amGrads[i] = am.grad().toFloatArray();
        lmGrads[i] = lm.grad().toFloatArray();
        am.clearGrad();
        lm.clearGrad();
        i++;
      }
      assertTrue(GoldenMath.relativeError(values[1], values[0]) <= 1e-9, "losses");
      assertTrue(GoldenMath.relativeError(amGrads[1], amGrads[0]) <= 1e-6, "am gradient");
      assertTrue(GoldenMath.relativeError(lmGrads[1], lmGrads[0]) <= 1e-6, "lm gradient");
    }
  }

  private static double maxDiff(double[] a, double[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}

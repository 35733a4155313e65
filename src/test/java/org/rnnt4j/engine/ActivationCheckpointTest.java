package org.rnnt4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The hooks of {@link ActivationCheckpoint} against the plain backward of the same function: the
 * reference is libtorch's own autograd over the unsegmented graph. A segment {@code tanh(x w) w}, with
 * dropout so that the recomputation must replay the generator, sits between an op before it (so the
 * input's gradient must reach that op) and a residual use of its input after it.
 */
class ActivationCheckpointTest {
  private static final long SEED = 20240917L;

  private static Tensor segment(Tensor x, Tensor w, AtomicInteger runs) {
    runs.incrementAndGet();
    return x.mul(w).tanh().dropout(0.3, true).mul(w); // (4, 6)
  }

  /** Gradients of w and of the leaf before the segment, with or without checkpointing. */
  private static float[][] gradients(boolean checkpointed, boolean inputNeedsGradient, AtomicInteger runs) {
    System.out.println("seed " + SEED);
    Engine.seed(SEED);
    Tensor w = Tensor.randn(6).requiresGrad(true);
    Tensor leaf = Tensor.randn(4, 6).requiresGrad(inputNeedsGradient);
    try (TensorScope scope = new TensorScope()) {
      Tensor x = leaf.mul(2.0).add(1.0); // (4, 6): an op before the segment
      UnaryOperator<Tensor> f = in -> segment(in, w, runs);
      Tensor y =
          checkpointed ? ActivationCheckpoint.apply(x, List.of(w), f, () -> () -> {}) : f.apply(x);
      Tensor loss = y.add(x).square().sum(); // x also used after the segment: a residual
      loss.backward();
      float[] gw = w.grad().toFloatArray();
      float[] gx = inputNeedsGradient ? leaf.grad().toFloatArray() : new float[0];
      return new float[][] {gw, gx, y.toFloatArray()};
    }
  }

  @Test
  void gradientsEqualThePlainBackwardAndDropoutIsReplayed() {
    AtomicInteger plainRuns = new AtomicInteger();
    AtomicInteger checkpointedRuns = new AtomicInteger();
    float[][] plain = gradients(false, true, plainRuns);
    float[][] checkpointed = gradients(true, true, checkpointedRuns);
    assertArrayEquals(plain[2], checkpointed[2], 0f, "outputs");
    assertArrayEquals(plain[0], checkpointed[0], 1e-6f, "dL/dw");
    assertArrayEquals(plain[1], checkpointed[1], 1e-6f, "dL/dx before the segment");
    assertEquals(1, plainRuns.get());
    assertEquals(2, checkpointedRuns.get(), "the forward, then the recomputation in the backward pass");
  }

  @Test
  void anInputWithoutGradientStillGivesTheParametersTheirs() {
    float[][] plain = gradients(false, false, new AtomicInteger());
    float[][] checkpointed = gradients(true, false, new AtomicInteger());
    assertArrayEquals(plain[0], checkpointed[0], 1e-6f, "dL/dw");
  }

  @Test
  void withoutGradModeOrGradientsTheSegmentRunsOnce() {
    AtomicInteger runs = new AtomicInteger();
    Tensor w = Tensor.randn(6);
    Tensor x = Tensor.randn(4, 6);
    try (TensorScope scope = new TensorScope()) {
      Tensor y = ActivationCheckpoint.apply(x, List.of(w), in -> segment(in, w, runs), () -> () -> {});
      assertTrue(!y.requiresGrad());
      try (NoGrad off = new NoGrad()) {
        Tensor wg = Tensor.randn(6).requiresGrad(true);
        ActivationCheckpoint.apply(x, List.of(wg), in -> segment(in, wg, runs), () -> () -> {});
      }
    }
    assertEquals(2, runs.get());
  }

  @Test
  void theRestorerIsMadeBeforeAndClosedAfterTheRecomputation() {
    Engine.seed(SEED);
    Tensor w = Tensor.randn(6).requiresGrad(true);
    Tensor counter = Tensor.zeros(DType.INT64).retain();
    AtomicInteger restores = new AtomicInteger();
    try (TensorScope scope = new TensorScope()) {
      Tensor y =
          ActivationCheckpoint.apply(
              Tensor.randn(4, 6).requiresGrad(true), List.of(w),
              in -> {
                counter.incrementInPlace(); // a side effect, like num_batches_tracked
                return in.mul(w);
              },
              () -> {
                long before = counter.toLongArray()[0];
                return () -> {
                  counter.fill(before);
                  restores.incrementAndGet();
                };
              });
      assertEquals(1, counter.toLongArray()[0]);
      y.sum().backward();
    }
    assertEquals(1, restores.get());
    assertEquals(1, counter.toLongArray()[0], "the recomputation's side effect was undone");
  }

  @Test
  void outsideAScopeItRefuses() {
    Tensor w = Tensor.randn(3).requiresGrad(true);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ActivationCheckpoint.apply(Tensor.randn(3), List.of(w), in -> in.mul(w), () -> () -> {}));
    assertTrue(e.getMessage().contains("TensorScope"), e.getMessage());
  }

  @Test
  void aSegmentThatIsNeverBackpropagatedLeavesNoGradient() {
    Tensor w = Tensor.randn(3).requiresGrad(true);
    try (TensorScope scope = new TensorScope()) {
      ActivationCheckpoint.apply(Tensor.randn(3), List.of(w), in -> in.mul(w), () -> () -> {});
    }
    assertNull(w.grad());
  }
}

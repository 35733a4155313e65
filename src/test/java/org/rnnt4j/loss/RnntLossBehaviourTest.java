package org.rnnt4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Thread-count independence, buffer kinds, in-place use, and the public entry's input checks. */
class RnntLossBehaviourTest {
  private static final long SEED = 20251126L;

  @Test
  void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
    System.out.println("RnntLossBehaviourTest seed = " + SEED);
    RnntInputs in = RandomBatch.create(new Random(SEED), 4, 23, 7, 61, 60, 2f);
    double[] weights = {0.25, -1.5, 3, 0};
    float[][] gradients = new float[3][];
    LossResult[] results = new LossResult[3];
    for (int threads = 1; threads <= 3; threads++) {
      RnntLossOptions options =
          RnntLossOptions.defaults().withThreads(threads).withFastemitLambda(0.05).withClamp(0.3);
      try (RnntLoss loss = new RnntLoss(options)) {
        FloatBuffer gradient = FloatBuffer.allocate(in.logitCount());
        results[threads - 1] = loss.lossAndGradient(in, weights, gradient);
        gradients[threads - 1] = gradient.array();
      }
    }
    for (int i = 1; i < 3; i++) {
      assertEquals(results[0], results[i], (i + 1) + " threads: losses");
      assertArrayEquals(gradients[0], gradients[i], (i + 1) + " threads: gradient");
    }
  }

  @Test
  void directLittleEndianBuffersAndInPlaceGradientsGiveTheSameNumbers() {
    RnntInputs heap = RandomBatch.create(new Random(SEED + 1), 3, 9, 4, 33, 32, 1f);
    FloatBuffer direct =
        ByteBuffer.allocateDirect(4 * heap.logitCount())
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    direct.put(heap.logits().duplicate()).flip();
    RnntInputs onDirect =
        new RnntInputs(
            direct, 3, 9, 4, 33, heap.targets(), heap.logitLengths(), heap.targetLengths());
    try (RnntLoss loss = new RnntLoss(RnntLossOptions.defaults().withThreads(2))) {
      FloatBuffer separate = FloatBuffer.allocate(heap.logitCount());
      LossResult expected = loss.lossAndGradient(heap, Reduction.MEAN_BATCH, separate);

      LossResult inPlace = loss.lossAndGradient(onDirect, Reduction.MEAN_BATCH, direct);
      assertEquals(expected, inPlace);
      float[] overwritten = new float[heap.logitCount()];
      direct.duplicate().get(overwritten);
      assertArrayEquals(separate.array(), overwritten, "gradient written over the logits");
    }
  }

  @Test
  void gradientIsZeroOutsideEachUtteranceAndSumsToZeroOverClassesInside() {
    RnntInputs in = RandomBatch.create(new Random(SEED + 2), 3, 8, 5, 17, 16, 1f);
    FloatBuffer gradient = FloatBuffer.allocate(in.logitCount());
    for (int i = 0; i < gradient.capacity(); i++) {
      gradient.put(i, Float.NaN); // stale content must be overwritten everywhere
    }
    try (RnntLoss loss = new RnntLoss()) {
      loss.lossAndGradient(in, Reduction.SUM, gradient);
    }
    int V = 17;
    for (int b = 0; b < 3; b++) {
      for (int t = 0; t < 8; t++) {
        for (int u = 0; u < 6; u++) {
          double rowSum = 0;
          double rowAbs = 0;
          for (int k = 0; k < V; k++) {
            float g = gradient.get(((b * 8 + t) * 6 + u) * V + k);
            rowSum += g;
            rowAbs += Math.abs(g);
          }
          boolean inside = t < in.logitLengths()[b] && u <= in.targetLengths()[b];
          if (inside) {
            assertEquals(0, rowSum, 1e-6, "row sum at " + b + "," + t + "," + u);
          } else {
            assertEquals(0, rowAbs, "padding row " + b + "," + t + "," + u);
          }
        }
      }
    }
  }

  @Test
  void buffersAreReadFromTheirPosition() {
    RnntInputs in = RandomBatch.create(new Random(SEED + 3), 2, 4, 2, 5, 4, 1f);
    float[] padded = new float[in.logitCount() + 3];
    in.logits().duplicate().get(padded, 3, in.logitCount());
    RnntInputs shifted =
        new RnntInputs(
            FloatBuffer.wrap(padded, 3, in.logitCount()),
            2,
            4,
            2,
            5,
            in.targets(),
            in.logitLengths(),
            in.targetLengths());
    try (RnntLoss loss = new RnntLoss()) {
      assertArrayEquals(loss.losses(in), loss.losses(shifted));
    }
  }

  @Test
  void inputChecksSayWhatWasGotAndWhatWasExpected() {
    FloatBuffer logits = FloatBuffer.allocate(2 * 3 * 3 * 5);
    int[] targets = {0, 1, 2, 3};
    assertMessage(
        "logits buffer has 90 floats remaining, expected B*T*(U+1)*V = 2*3*3*6 = 108",
        () -> new RnntInputs(logits, 2, 3, 2, 6, targets, new int[] {3, 3}, new int[] {2, 2}));
    assertMessage(
        "logitLengths[1] must be in 1..T = 1..3, got 0",
        () -> new RnntInputs(logits, 2, 3, 2, 5, targets, new int[] {3, 0}, new int[] {2, 2}));
    assertMessage(
        "targetLengths[0] must be in 0..U = 0..2, got 3",
        () -> new RnntInputs(logits, 2, 3, 2, 5, targets, new int[] {3, 3}, new int[] {3, 2}));
    assertMessage(
        "targets[1][1] must be in [0, V) = [0, 5), got 7",
        () ->
            new RnntInputs(
                logits, 2, 3, 2, 5, new int[] {0, 1, 2, 7}, new int[] {3, 3}, new int[] {2, 2}));
    assertMessage(
        "targets must be (B, U) = (2, 2) = 4 ids, got 3",
        () ->
            new RnntInputs(
                logits, 2, 3, 2, 5, new int[] {0, 1, 2}, new int[] {3, 3}, new int[] {2, 2}));
    assertMessage(
        "logits shape must be [B, T, U+1, V], got [2, 3, 15]",
        () ->
            RnntInputs.of(
                logits, new long[] {2, 3, 15}, new long[4], new long[] {3, 3}, new long[] {2, 2}));

    // Padding past U_b is ignored, even where it holds the blank or garbage.
    RnntInputs in =
        new RnntInputs(
            logits, 2, 3, 2, 5, new int[] {0, 4, 2, -9}, new int[] {3, 3}, new int[] {1, 1});
    try (RnntLoss loss = new RnntLoss()) {
      assertEquals(2, loss.losses(in).length);
      RnntInputs withBlank =
          new RnntInputs(
              logits, 2, 3, 2, 5, new int[] {0, 4, 4, 1}, new int[] {3, 3}, new int[] {2, 2});
      assertMessage(
          "targets[0][1] is the blank (4); labels must be non-blank ids in [0, V) = [0, 5)",
          () -> loss.losses(withBlank));
      assertMessage(
          "gradient buffer has 89 floats remaining, expected the logits' B*T*(U+1)*V = 90",
          () -> loss.lossAndGradient(in, Reduction.SUM, FloatBuffer.allocate(89)));
      assertMessage(
          "gradient buffer must be writable",
          () ->
              loss.lossAndGradient(in, Reduction.SUM, FloatBuffer.allocate(90).asReadOnlyBuffer()));
      assertMessage(
          "weights must be (B) = (2), got 1",
          () -> loss.lossAndGradient(in, new double[1], FloatBuffer.allocate(90)));
      assertTrue(
          assertThrows(IllegalArgumentException.class, () -> loss.loss(in, Reduction.NONE))
              .getMessage()
              .startsWith("reduction NONE keeps one loss per utterance"));
    }
    try (RnntLoss loss = new RnntLoss(RnntLossOptions.defaults().withBlank(5))) {
      assertMessage("blank 5 is not a class of logits with V = 5 classes", () -> loss.losses(in));
    }
    assertMessage("threads must be >= 1, got 0", () -> RnntLossOptions.defaults().withThreads(0));
    assertMessage(
        "fastemitLambda must be finite and >= 0, got -0.1",
        () -> RnntLossOptions.defaults().withFastemitLambda(-0.1));
  }

  @Test
  void blankNeedNotBeLast() {
    // Moving the blank's logit column and relabelling must leave the loss unchanged.
    RnntInputs last = RandomBatch.create(new Random(SEED + 4), 2, 5, 3, 6, 5, 1f);
    int V = 6;
    float[] moved = new float[last.logitCount()];
    for (int row = 0; row < moved.length / V; row++) {
      moved[row * V] = last.logits().get(row * V + 5);
      for (int k = 0; k < 5; k++) {
        moved[row * V + k + 1] = last.logits().get(row * V + k);
      }
    }
    int[] targets = last.targets();
    for (int i = 0; i < targets.length; i++) {
      targets[i]++;
    }
    RnntInputs first =
        new RnntInputs(
            FloatBuffer.wrap(moved),
            2,
            5,
            3,
            V,
            targets,
            last.logitLengths(),
            last.targetLengths());
    try (RnntLoss blankLast = new RnntLoss();
        RnntLoss blankFirst = new RnntLoss(RnntLossOptions.defaults().withBlank(0))) {
      assertArrayEquals(blankLast.losses(last), blankFirst.losses(first), 1e-12);
    }
  }

  private static void assertMessage(
      String expected, org.junit.jupiter.api.function.Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}

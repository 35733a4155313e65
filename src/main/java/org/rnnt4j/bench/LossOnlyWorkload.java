package org.rnnt4j.bench;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.LossResult;
import org.rnnt4j.loss.PruneRanges;
import org.rnnt4j.loss.PrunedRnntInputs;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.RnntInputs;
import org.rnnt4j.loss.RnntLoss;
import org.rnnt4j.loss.RnntLossOptions;
import org.rnnt4j.loss.SimpleTransducerLoss;
import org.rnnt4j.loss.device.DeviceRnntLoss;
import org.rnnt4j.loss.device.LatticeBatch;

/**
 * The loss alone, on logits that already exist (what torchaudio's {@code rnnt_loss} figure
 * measures): the exact loss and its gradient into a fresh uninitialised buffer, its forward alone,
 * the same over sub-batches of N (one sub-batch's gradient alive at a time), or the pruned loss
 * (simple loss with its backward into given am/lm, ranges, exact loss on given (B, T, S, V) logits).
 * The {@code tensor_ops} variants run the exact loss as the tensor-ops backend does ({@link
 * DeviceRnntLoss}, float64 lattice) on the same logits, the gradient into a fresh tensor. Reduction
 * mean_batch; every utterance has T frames and U labels.
 */
final class LossOnlyWorkload implements Workload {
  private final BenchmarkVariant variant;
  private final BenchmarkShape shape;
  private final RnntLoss loss;
  private final int[] targets;
  private final int[] frames;
  private final int[] lengths;
  private final double[] weights;
  private Tensor logits; // (B, T, U+1, V), or (B, T, S, V) pruned
  private Tensor am; // (B, T, V), pruned only
  private Tensor lm; // (B, U+1, V), pruned only
  private Tensor labels; // (B, U), pruned and tensor_ops only
  private int prunedWidth;

  LossOnlyWorkload(BenchmarkVariant variant, BenchmarkShape shape, int threads, Random random) {
    this.variant = variant;
    this.shape = shape;
    int B = shape.batch();
    int T = shape.frames();
    int U = shape.labels();
    int V = shape.classes();
    this.loss = new RnntLoss(RnntLossOptions.defaults().withThreads(threads));
    this.targets = new int[B * U];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = random.nextInt(V - 1);
    }
    this.frames = new int[B];
    this.lengths = new int[B];
    Arrays.fill(frames, T);
    Arrays.fill(lengths, U);
    this.weights = Reduction.MEAN_BATCH.gradientWeights(lengths);
    if (variant.strategy().equals("pruned")) {
      prunedWidth = PruneRanges.effectiveWidth(variant.parameter(), U, frames, lengths);
      am = Tensor.randn(B, T, V).requiresGrad(true).retain();
      lm = Tensor.randn(B, U + 1, V).requiresGrad(true).retain();
      logits = Tensor.randn(B, T, prunedWidth, V).retain();
      long[] ids = new long[targets.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = targets[i];
      }
      labels = Tensor.ofLongs(ids, B, U).retain();
    } else {
      logits = Tensor.randn(B, T, U + 1, V).retain();
      long[] ids = new long[targets.length];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = targets[i];
      }
      labels = Tensor.ofLongs(ids, B, U).retain();
    }
  }

  @Override
  public double run() {
    return switch (variant.strategy()) {
      case "exact" -> exact();
      case "exact_forward" -> loss.loss(inputs(0, shape.batch()), Reduction.MEAN_BATCH).value();
      case "tensor_ops" -> tensorOps(true);
      case "tensor_ops_forward" -> tensorOps(false);
      case "fused" -> fused(variant.parameter());
      case "pruned" -> pruned();
      default -> throw new IllegalArgumentException("no loss-only workload for " + variant.name());
    };
  }

  private double exact() {
    try (TensorScope scope = new TensorScope()) {
      Tensor gradient = Tensor.empty(DType.FLOAT32, logits.shape());
      return loss.lossAndGradient(
              inputs(0, shape.batch()), Reduction.MEAN_BATCH, gradient.floatBuffer())
          .value();
    }
  }

  private double tensorOps(boolean withGradient) {
    try (TensorScope scope = new TensorScope()) {
      DeviceRnntLoss device = new DeviceRnntLoss(-1, 0, -1, DType.FLOAT64);
      LatticeBatch batch = new LatticeBatch(logits, labels, frames, lengths, null, shape.labels());
      DeviceRnntLoss.Result r =
          withGradient
              ? device.lossAndGradient(batch, weights, Tensor.empty(DType.FLOAT32, logits.shape()))
              : device.losses(batch);
      return Reduction.MEAN_BATCH.reduce(r.perUtterance().toDoubleArray(), lengths);
    }
  }

  private double fused(int subBatch) {
    double value = 0;
    int B = shape.batch();
    for (int begin = 0; begin < B; begin += subBatch) {
      int count = Math.min(subBatch, B - begin);
      try (TensorScope scope = new TensorScope()) {
        Tensor gradient =
            Tensor.empty(DType.FLOAT32, count, shape.frames(), shape.labels() + 1, shape.classes());
        LossResult r =
            loss.lossAndGradient(
                inputs(begin, count), Arrays.copyOfRange(weights, begin, begin + count),
                gradient.floatBuffer());
        value += r.value();
      }
    }
    return value;
  }

  private double pruned() {
    try (TensorScope scope = new TensorScope()) {
      SimpleTransducerLoss.Value simple =
          new SimpleTransducerLoss(0.25, 0.0).compute(am, lm, labels, frames, lengths);
      double[] half = weights.clone();
      for (int b = 0; b < half.length; b++) {
        half[b] *= 0.5;
      }
      simple.backward(half);
      PruneRanges ranges =
          PruneRanges.fromPosteriors(simple.posteriors(), variant.parameter(), frames, lengths);
      PrunedRnntInputs in =
          new PrunedRnntInputs(
              logits.floatBuffer(), shape.labels(), shape.classes(), targets, frames, lengths,
              ranges);
      Tensor gradient = Tensor.empty(DType.FLOAT32, logits.shape());
      LossResult r = loss.lossAndGradient(in, weights, gradient.floatBuffer());
      am.clearGrad();
      lm.clearGrad();
      return 0.5 * Reduction.MEAN_BATCH.reduce(simple.perUtterance(), lengths) + r.value();
    }
  }

  /** The exact logits of utterances {@code begin .. begin+count-1} (a view, no copy). */
  private RnntInputs inputs(int begin, int count) {
    int perUtterance = shape.frames() * (shape.labels() + 1) * shape.classes();
    FloatBuffer all = logits.floatBuffer();
    FloatBuffer part = all.position(begin * perUtterance).limit((begin + count) * perUtterance).slice();
    int U = shape.labels();
    return new RnntInputs(
        part, count, shape.frames(), U, shape.classes(),
        Arrays.copyOfRange(targets, begin * U, (begin + count) * U),
        Arrays.copyOfRange(frames, begin, begin + count),
        Arrays.copyOfRange(lengths, begin, begin + count));
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (variant.strategy().equals("pruned")) {
      out.put("prune_range_used", prunedWidth);
      out.put("simple_loss", "lm_only_scale 0.25, weight 0.5");
    }
    return out;
  }

  @Override
  public void close() {
    loss.close();
  }
}

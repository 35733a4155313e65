package org.rnnt4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.LossBackendChoice;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.ExactObjective;
import org.rnnt4j.model.FusedBatchObjective;
import org.rnnt4j.model.PrunedObjective;
import org.rnnt4j.model.PruningOptions;
import org.rnnt4j.model.Targets;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.model.joint.JointNetwork;
import org.rnnt4j.model.joint.SimpleJoiner;

/**
 * The joint network and the loss, forward and backward, from given encoder (B, H_enc, T) and
 * prediction (B, H_pred, U+1) outputs to their gradients: what a training step spends after the
 * encoder. Strategies: the three {@link TransducerObjective}s (the exact one also with the
 * tensor-ops loss backend forced), the foundation's surrogate step (full
 * joint, {@link TransducerLoss#compute}, one backward), and the joint alone (its forward, then its
 * backward from a gradient of the logits' size, no loss). Reduction mean_batch; the pruned objective
 * runs past its warm-up (simple-loss weight 0.5, pruned 1).
 */
final class StepWorkload implements Workload {
  private final BenchmarkVariant variant;
  private final Tensor encoded; // (B, H_enc, T)
  private final Tensor predicted; // (B, H_pred, U+1)
  private final Tensor labels; // (B, U)
  private final Tensor frames; // (B)
  private final Tensor lengths; // (B)
  private final JointNetwork joint;
  private final TransducerLoss surrogateLoss;
  private final TransducerObjective objective;
  private final List<Tensor> trained = new ArrayList<>();
  private double prunedWidth = Double.NaN;

  StepWorkload(BenchmarkVariant variant, BenchmarkShape shape, Random random) {
    this.variant = variant;
    int B = shape.batch();
    int T = shape.frames();
    int U = shape.labels();
    encoded = Tensor.randn(B, shape.encoderHidden(), T).requiresGrad(true).retain();
    predicted = Tensor.randn(B, shape.predHidden(), U + 1).requiresGrad(true).retain();
    long[] ids = new long[B * U];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(shape.classes() - 1);
    }
    labels = Tensor.ofLongs(ids, B, U).retain();
    long[] t = new long[B];
    long[] u = new long[B];
    java.util.Arrays.fill(t, T);
    java.util.Arrays.fill(u, U);
    frames = Tensor.ofLongs(t, B).retain();
    lengths = Tensor.ofLongs(u, B).retain();
    joint =
        new JointNetwork(
            shape.encoderHidden(), shape.predHidden(), shape.jointHidden(), shape.classes(), 0.0);
    surrogateLoss = new TransducerLoss(Reduction.MEAN_BATCH, 0, -1);
    TransducerLoss loss = new TransducerLoss(Reduction.MEAN_BATCH, 0, -1);
    objective =
        switch (variant.strategy()) {
          case "exact" -> new ExactObjective(joint, loss);
          case "exact_tensor_ops" -> {
            loss.close();
            yield new ExactObjective(
                joint, new TransducerLoss(Reduction.MEAN_BATCH, 0, -1, LossBackendChoice.TENSOR_OPS));
          }
          case "fused" -> new FusedBatchObjective(joint, loss, variant.parameter());
          case "pruned" ->
              new PrunedObjective(
                  joint,
                  new SimpleJoiner(shape.encoderHidden(), shape.predHidden(), shape.classes()),
                  loss,
                  new PruningOptions(variant.parameter(), 0.5, 0, 0.25, 0.0));
          case "surrogate", "joint_only" -> {
            loss.close();
            yield null;
          }
          default -> throw new IllegalArgumentException("no step workload for " + variant.name());
        };
    trained.add(encoded);
    trained.add(predicted);
    trained.addAll(joint.parameters());
    if (objective != null) {
      trained.addAll(objective.parameters().values());
    }
  }

  @Override
  public double run() {
    double value;
    try (TensorScope scope = new TensorScope()) {
      switch (variant.strategy()) {
        case "surrogate" -> {
          Tensor logits = joint.forward(encoded, predicted); // (B, T, U+1, V)
          TransducerLoss.Value v = surrogateLoss.compute(logits, labels, frames, lengths);
          v.loss().backward();
          value = v.value();
        }
        case "joint_only" -> {
          Tensor logits = joint.forward(encoded, predicted); // (B, T, U+1, V)
          logits.backward(logits.detach()); // a gradient of the logits' size, as the loss's
          value = 0;
        }
        default -> {
          TransducerObjective.Value v =
              objective.compute(
                  new Encoded(encoded, frames), predicted, new Targets(labels, lengths),
                  Long.MAX_VALUE);
          v.loss().backward();
          value = v.value();
          Double width = v.parts().get("prune_range");
          if (width != null) {
            prunedWidth = width;
          }
        }
      }
      trained.forEach(Tensor::clearGrad);
    }
    return value;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!Double.isNaN(prunedWidth)) {
      out.put("prune_range_used", (int) prunedWidth);
    }
    return out;
  }

  @Override
  public void close() {
    surrogateLoss.close();
    if (objective != null) {
      objective.close();
    }
  }
}

package org.rnnt4j.distributed;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.Autograd;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.ProcessGroup;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;

/**
 * The gradient all-reduce of DistributedDataParallel, after the backward pass: the parameters are cut
 * into buckets of about {@code bucketBytes} (DDP's 25 MiB default), in reverse registration order as DDP
 * fills them, each bucket's gradients are flattened into one buffer, summed over the ranks in one
 * collective, divided and written back. A parameter without a gradient on this rank contributes zeros
 * (another rank may have used it); one the optimizer does not train ({@code requires_grad} false) is left
 * out on every rank alike.
 *
 * <p>DDP overlaps each bucket's all-reduce with the rest of the backward pass through autograd hooks; here
 * the reduction follows the backward pass (the transducer objective runs the joint's backward outside
 * autograd, in sub-batches), which costs the all-reduce time per update, once per gradient-accumulation
 * group rather than per micro-batch, as DDP's {@code no_sync}.
 */
final class GradientBuckets {
  static final long DEFAULT_BUCKET_BYTES = 25L << 20;

  private final ProcessGroup group;
  private final long bucketBytes;

  GradientBuckets(ProcessGroup group, long bucketBytes) {
    this.group = group;
    this.bucketBytes = bucketBytes;
  }

  /** Buckets of trainable parameters of one dtype each, reverse order, each up to {@code bucketBytes} (at least one tensor). */
  List<List<Tensor>> buckets(List<Tensor> parameters) {
    List<List<Tensor>> out = new ArrayList<>();
    List<Tensor> current = new ArrayList<>();
    long bytes = 0;
    DType dtype = null;
    for (int i = parameters.size() - 1; i >= 0; i--) {
      Tensor p = parameters.get(i);
      if (!p.requiresGrad()) {
        continue;
      }
      long size = p.numel() * bytesPer(p.dtype());
      if (!current.isEmpty() && (bytes + size > bucketBytes || p.dtype() != dtype)) {
        out.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(p);
      bytes += size;
      dtype = p.dtype();
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private static long bytesPer(DType dtype) {
    return switch (dtype) {
      case FLOAT64, INT64 -> 8;
      case FLOAT32, INT32 -> 4;
      case FLOAT16, BFLOAT16 -> 2;
      case BOOL, UINT8 -> 1;
    };
  }

  /**
   * Replaces every trainable parameter's gradient with the sum over the ranks divided by {@code divisor}.
   * Every rank must pass the same parameters in the same order.
   */
  void reduce(List<Tensor> parameters, double divisor) {
    for (List<Tensor> bucket : buckets(parameters)) {
      try (TensorScope scope = new TensorScope()) {
        List<Tensor> flat = new ArrayList<>(bucket.size());
        for (Tensor p : bucket) {
          Tensor g = p.grad();
          flat.add(g != null ? g.reshape(-1) : Tensor.zeros(p.dtype(), p.numel()).to(p.device())); // (numel)
        }
        Tensor buffer = Tensor.cat(flat, 0); // (sum of numel)
        group.allReduceSum(buffer);
        buffer.mulInPlace(1.0 / divisor);
        long offset = 0;
        for (Tensor p : bucket) {
          long n = p.numel();
          Autograd.setGradient(p, buffer.narrow(0, offset, n).view(p.shape()));
          offset += n;
        }
      }
    }
  }
}

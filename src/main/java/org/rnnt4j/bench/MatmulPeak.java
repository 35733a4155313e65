package org.rnnt4j.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;

/**
 * The machine's measured matrix-product peak through the engine, as the PyTorch peer's {@code
 * bench_torch.py matmul} measures it: an n x n by n x n product ({@code 2 n^3} FLOPs), one untimed,
 * then {@code reps} timed (10 for float32, 3 for bfloat16), reported as median and best GFLOP/s. The
 * reference against which a training step's achieved GFLOP/s is read.
 */
final class MatmulPeak {
  private MatmulPeak() {}

  /** The peer's size and repetitions. */
  static final int PEER_SIZE = 2048;

  static int peerRepetitions(DType dtype) {
    return dtype == DType.FLOAT32 ? 10 : 3;
  }

  /**
   * @return {@code n, reps, median_s, min_s, max_s, gflops, gflops_best} (the peer's keys), or {@code
   *     error} when libtorch cannot multiply in {@code dtype} here
   */
  static Map<String, Object> measure(DType dtype, int n, int reps, Device device) {
    Map<String, Object> out = new LinkedHashMap<>();
    try (NoGrad ignored = new NoGrad(); TensorScope scope = new TensorScope()) {
      Tensor a = Tensor.randn(n, n).to(dtype).to(device);
      Tensor b = Tensor.randn(n, n).to(dtype).to(device);
      a.matmul(b);
      Engine.synchronize(device);
      double[] seconds = new double[reps];
      for (int r = 0; r < reps; r++) {
        try (TensorScope product = new TensorScope()) {
          long start = System.nanoTime();
          a.matmul(b);
          Engine.synchronize(device);
          seconds[r] = (System.nanoTime() - start) / 1e9;
        }
      }
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      double median = Stats.median(seconds);
      double flops = 2.0 * n * n * (double) n;
      out.put("n", n);
      out.put("reps", reps);
      out.put("median_s", Stats.round(median, 4));
      out.put("min_s", Stats.round(sorted[0], 4));
      out.put("max_s", Stats.round(sorted[reps - 1], 4));
      out.put("gflops", Stats.round(flops / median / 1e9, 1));
      out.put("gflops_best", Stats.round(flops / sorted[0] / 1e9, 1));
    } catch (RuntimeException e) {
      out.put("error", String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
    }
    return out;
  }
}

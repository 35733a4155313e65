package org.rnnt4j.checkpoint.training;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.safetensors.DType;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * The element-wise mean of the model weights of several checkpoints, as icefall's {@code
 * average_checkpoints} (icefall/checkpoint.py) computes it: the first state dict plus each following one
 * in order, in the tensors' own precision, then floating-point tensors divided by the count and integer
 * ones (BatchNorm's {@code num_batches_tracked}) floor-divided by it. Parameters and buffers alike are
 * averaged; the {@code _metadata} is the first checkpoint's.
 */
public final class CheckpointAveraging {
  private CheckpointAveraging() {}

  /** Averages the model weights of the checkpoint directories, each verified whole first. */
  public static TorchCheckpoint averageCheckpoints(List<Path> checkpoints) {
    Checks.argument(!checkpoints.isEmpty(), "no checkpoints to average");
    return average(checkpoints.stream().map(dir -> TrainingCheckpointReader.readModel(dir).weights()).toList());
  }

  /** Averages state dicts with the same keys, shapes and dtypes, summed in list order. */
  public static TorchCheckpoint average(List<TorchCheckpoint> states) {
    Checks.argument(!states.isEmpty(), "no state dicts to average");
    Map<String, NamedArray> first = states.get(0).stateDict();
    int n = states.size();
    Map<String, NamedArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, NamedArray> e : first.entrySet()) {
      String key = e.getKey();
      NamedArray a = e.getValue();
      for (int i = 1; i < n; i++) {
        NamedArray b = states.get(i).stateDict().get(key);
        Checks.argument(
            b != null && b.dtype() == a.dtype() && Arrays.equals(b.shape(), a.shape()),
            "state dict %s has %s for '%s', the first has %s", i, b, key, a);
      }
      out.put(key, averaged(key, a.dtype(), a.shape(), states, n));
    }
    for (int i = 1; i < n; i++) {
      Checks.argument(
          states.get(i).stateDict().keySet().equals(first.keySet()), "state dict %s has other keys than the first", i);
    }
    return new TorchCheckpoint(out, states.get(0).metadata());
  }

  private static NamedArray averaged(String key, DType dtype, long[] shape, List<TorchCheckpoint> states, int n) {
    switch (dtype) {
      case F32 -> {
        float[] sum = states.get(0).stateDict().get(key).toFloatArray();
        for (int i = 1; i < n; i++) {
          float[] x = states.get(i).stateDict().get(key).toFloatArray();
          for (int j = 0; j < sum.length; j++) {
            sum[j] += x[j];
          }
        }
        for (int j = 0; j < sum.length; j++) {
          sum[j] /= n;
        }
        return NamedArray.ofFloats(shape, sum);
      }
      case F64 -> {
        double[] sum = states.get(0).stateDict().get(key).toDoubleArray();
        for (int i = 1; i < n; i++) {
          double[] x = states.get(i).stateDict().get(key).toDoubleArray();
          for (int j = 0; j < sum.length; j++) {
            sum[j] += x[j];
          }
        }
        for (int j = 0; j < sum.length; j++) {
          sum[j] /= n;
        }
        return NamedArray.ofDoubles(shape, sum);
      }
      case I64 -> {
        long[] sum = states.get(0).stateDict().get(key).toLongArray();
        for (int i = 1; i < n; i++) {
          long[] x = states.get(i).stateDict().get(key).toLongArray();
          for (int j = 0; j < sum.length; j++) {
            sum[j] += x[j];
          }
        }
        for (int j = 0; j < sum.length; j++) {
          sum[j] = Math.floorDiv(sum[j], n);
        }
        return NamedArray.ofLongs(shape, sum);
      }
      default -> throw new IllegalArgumentException("cannot average '" + key + "' of dtype " + dtype + " (F32, F64, I64 only)");
    }
  }
}

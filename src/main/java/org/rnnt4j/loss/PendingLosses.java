package org.rnnt4j.loss;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.util.Checks;

/**
 * Per-utterance RNN-T losses that may still be on the logits' device: {@link #read} copies them to
 * the host, and on a CUDA device that copy is the step's one synchronisation, so an objective
 * gathers the losses of all its sub-batches with {@link #concat} and reads once. The device
 * backend's label check travels with them and fails the read.
 */
public final class PendingLosses {
  private final double[] host; // null when on the device
  private final Tensor perUtterance; // (B) float64, null when on the host
  private final Tensor invalidLabels; // () bool, null when on the host
  private final int size;

  private PendingLosses(double[] host, Tensor perUtterance, Tensor invalidLabels, int size) {
    this.host = host;
    this.perUtterance = perUtterance;
    this.invalidLabels = invalidLabels;
    this.size = size;
  }

  /** Losses the host already has, (B). */
  static PendingLosses onHost(double[] losses) {
    return new PendingLosses(losses.clone(), null, null, losses.length);
  }

  /**
   * @param perUtterance (B) float64 on the device
   * @param invalidLabels () bool on the device: the losses are meaningless when true
   */
  static PendingLosses onDevice(Tensor perUtterance, Tensor invalidLabels) {
    return new PendingLosses(null, perUtterance, invalidLabels, (int) perUtterance.size(0));
  }

  /** Moves the device tensors out of {@code scope} (see {@link TensorScope#keep}); returns this. */
  public PendingLosses keptFrom(TensorScope scope) {
    if (host == null) {
      scope.keep(perUtterance);
      scope.keep(invalidLabels);
    }
    return this;
  }

  /** B, known without reading. */
  public int size() {
    return size;
  }

  /** The parts' losses in order, still unread where they were. */
  public static PendingLosses concat(List<PendingLosses> parts) {
    Checks.argument(!parts.isEmpty(), "nothing to concatenate");
    if (parts.size() == 1) {
      return parts.get(0);
    }
    boolean allDevice = parts.stream().allMatch(p -> p.host == null);
    if (!allDevice || !parts.stream().allMatch(p -> p.device().equals(parts.get(0).device()))) {
      List<double[]> read = new ArrayList<>();
      parts.forEach(p -> read.add(p.read()));
      return onHost(read.stream().flatMapToDouble(java.util.Arrays::stream).toArray());
    }
    Tensor losses = Tensor.cat(parts.stream().map(p -> p.perUtterance).toList(), 0); // (B)
    Tensor invalid = Tensor.stack(parts.stream().map(p -> p.invalidLabels).toList(), 0).any();
    return onDevice(losses, invalid);
  }

  /**
   * {@code L_b} on the host, (B).
   *
   * @throws IllegalArgumentException when the device found a label out of range or equal to the
   *     blank
   */
  public double[] read() {
    if (host != null) {
      return host.clone();
    }
    Tensor flag = invalidLabels.to(DType.FLOAT64).reshape(1); // (1)
    double[] values = Tensor.cat(List.of(perUtterance, flag), 0).toDoubleArray(); // one copy
    Checks.argument(
        values[size] == 0,
        "a target label is the blank or outside [0, V): labels must be non-blank class ids"
            + " (checked on %s, where the loss ran)",
        perUtterance.device());
    return java.util.Arrays.copyOf(values, size);
  }

  private org.rnnt4j.engine.Device device() {
    return perUtterance.device();
  }
}

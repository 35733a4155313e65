package org.rnnt4j.loss;

import java.util.Arrays;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.loss.device.WindowSearch;
import org.rnnt4j.util.Checks;

/**
 * The pruned loss's windows with their starts on the device where the joint runs: what the pruned
 * lattice and the gather of the prediction outputs read, without a round trip through the host.
 * {@link PruneRanges} is the same on the host (the Java kernel's form, and what the tests spell
 * out).
 *
 * <p>Legend: B batch, T frames, S window width.
 *
 * @param starts {@code start(b, t)}, (B, T) int64
 * @param width S
 */
public record PruneWindows(Tensor starts, int width) {

  public PruneWindows {
    Checks.notNull(starts, "starts");
    Checks.argument(
        starts.dim() == 2 && starts.dtype() == DType.INT64,
        "starts must be (B, T) int64, got %s %s",
        starts.dtype(),
        starts.shapeString());
    Checks.argument(width >= 1, "the window width must be >= 1, got %s", width);
  }

  /** Host ranges moved to {@code device}, without waiting for it. */
  public static PruneWindows of(PruneRanges ranges, Device device) {
    long[] starts = Arrays.stream(ranges.starts()).asLongStream().toArray();
    return new PruneWindows(
        Tensor.ofLongs(starts, ranges.batchSize(), ranges.maxFrames()).to(device, true),
        ranges.width());
  }

  /**
   * k2's {@code get_rnnt_prune_ranges} on the device ({@link WindowSearch}): the same windows as
   * {@link PruneRanges#fromPosteriors} from the same posteriors.
   *
   * @param blank blank-edge posteriors, (B, T, U+1)
   * @param label label-edge posteriors, (B, T, U+1)
   * @param requested S asked for ({@link PruneRanges#effectiveWidth} decides the width)
   * @param frames {@code T_b}, (B)
   * @param labels {@code U_b}, (B)
   */
  public static PruneWindows fromPosteriors(
      Tensor blank, Tensor label, int requested, int[] frames, int[] labels) {
    int U = (int) blank.size(2) - 1;
    int width = PruneRanges.effectiveWidth(requested, U, frames, labels);
    return new PruneWindows(WindowSearch.starts(blank, label, width, frames, labels), width);
  }

  public int batchSize() {
    return (int) starts.size(0);
  }

  public int maxFrames() {
    return (int) starts.size(1);
  }

  /** The label position of every row, {@code start(b, t) + s}, (B, T, S) int64. */
  public Tensor positions() {
    Tensor s = Tensor.arange(width, starts.device()).view(1, 1, width); // (1, 1, S)
    return starts.unsqueeze(2).add(s); // (B, T, S)
  }

  /** The starts on the host (a copy: a synchronisation on a CUDA device). */
  public PruneRanges toHost() {
    int[] host = Arrays.stream(starts.toLongArray()).mapToInt(Math::toIntExact).toArray();
    return new PruneRanges(batchSize(), maxFrames(), width, host);
  }
}

package org.rnnt4j.loss.device;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Tensor;

/**
 * The two passes over the logits, the only work of their size: the row log-sum-exp over V (the
 * log-softmax normalisers) and the closed-form gradient written over a logits-shaped tensor. Both go
 * in blocks of frames so that no temporary larger than {@link #BLOCK_ELEMENTS} exists:
 * libtorch's {@code logsumexp} makes an {@code exp(x - max)} temporary of its input's size, and
 * logits in bfloat16 or float16 are upcast block by block to float32 before any arithmetic.
 *
 * <p>Precision: the passes run in float32 (float64 for float64 logits), as the CUDA kernels of
 * torchaudio and NeMo do; the per-row scale they apply comes from the lattice in its own precision.
 *
 * <p>Legend: B batch, T frames, W rows per frame, V classes.
 */
final class RowSweeps {
  /**
   * Largest temporary, in elements: 16 MiB of float32. Small enough that glibc serves it from its
   * heap (below its 32 MiB mmap threshold) and reuses it block after block, instead of mapping
   * fresh pages that fault in on every block (measured: the page faults of 64 MiB blocks cost
   * about as much CPU as the arithmetic on a 2-core machine); on CUDA libtorch's caching allocator
   * reuses blocks of any size.
   */
  static final long BLOCK_ELEMENTS = 1L << 22;

  private RowSweeps() {}

  /** float64 for float64 logits, float32 for every other floating type. */
  static DType computeType(Tensor logits) {
    return logits.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
  }

  /**
   * @param logits (B, T, W, V)
   * @return {@code log sum_k exp(logits[b, t, w, k])}, (B, T, W), in {@code type}
   */
  static Tensor normalizers(Tensor logits, DType type) {
    DType compute = computeType(logits);
    List<Tensor> parts = new ArrayList<>();
    int T = (int) logits.size(1);
    int block = framesPerBlock(logits);
    for (int t0 = 0; t0 < T; t0 += block) {
      Tensor rows = logits.narrow(1, t0, Math.min(block, T - t0)).to(compute); // (B, t, W, V)
      parts.add(rows.logsumexp(3, false).to(type)); // (B, t, W)
    }
    return parts.size() == 1 ? parts.get(0) : Tensor.cat(parts, 1); // (B, T, W)
  }

  /**
   * Writes {@code grad = exp(x + logScale) - [k = blank] blankMass - [k = label] labelMass}, then
   * clamps it to {@code [-clamp, clamp]} and multiplies it by {@code weights} when they are given
   * (when not, they were folded into the scale and the masses).
   *
   * @param logits (B, T, W, V), read
   * @param gradient (B, T, W, V), written, of the logits' dtype; null to write over the logits
   * @param logScale {@code log(occupancy [+ lambda * label edge]) - normaliser} per row, (B, T, W)
   * @param blankMass the blank edge's posterior per row, (B, T, W)
   * @param labelMass {@code (1 + lambda)} times the label edge's posterior per row, (B, T, W)
   * @param rowLabels the class of each row's label edge, (B, T, W) int64
   * @param clamp {@code <= 0} for none
   * @param weights {@code w_b} (B) applied after the clamp, or null
   */
  static void writeGradient(
      Tensor logits,
      Tensor gradient,
      Tensor logScale,
      Tensor blankMass,
      Tensor labelMass,
      Tensor rowLabels,
      int blank,
      double clamp,
      Tensor weights) {
    DType compute = computeType(logits);
    boolean direct = logits.dtype() == compute;
    boolean inPlace = gradient == null;
    Tensor target = inPlace ? logits : gradient;
    int T = (int) logits.size(1);
    int block = direct ? T : framesPerBlock(logits);
    Tensor scale = logScale.to(compute).unsqueeze(3); // (B, T, W, 1)
    Tensor blanks = blankMass.to(compute);
    Tensor labels = labelMass.to(compute).neg().unsqueeze(3); // (B, T, W, 1)
    Tensor index = rowLabels.unsqueeze(3); // (B, T, W, 1)
    Tensor perUtterance = weights == null ? null : weights.to(compute).view(-1, 1, 1, 1);
    for (int t0 = 0; t0 < T; t0 += block) {
      int n = Math.min(block, T - t0);
      Tensor out = target.narrow(1, t0, n); // (B, n, W, V)
      Tensor work;
      if (direct) {
        work = out;
        if (!inPlace) {
          work.copyFrom(logits.narrow(1, t0, n));
        }
      } else {
        work = logits.narrow(1, t0, n).to(compute); // (B, n, W, V) float32 copy
      }
      work.addInPlace(scale.narrow(1, t0, n)).expInPlace(); // scaled softmax
      work.select(3, blank).subInPlace(blanks.narrow(1, t0, n));
      work.scatterAddInPlace(3, index.narrow(1, t0, n), labels.narrow(1, t0, n));
      if (clamp > 0) {
        work.clampInPlace(-clamp, clamp);
      }
      if (perUtterance != null) {
        work.mulInPlace(perUtterance);
      }
      if (!direct) {
        out.copyFrom(work);
      }
    }
  }

  /** Frames per block so that a block of (B, t, W, V) stays under {@link #BLOCK_ELEMENTS}. */
  private static int framesPerBlock(Tensor logits) {
    long perFrame = logits.size(0) * logits.size(2) * logits.size(3);
    return (int) Math.max(1, Math.min(logits.size(1), BLOCK_ELEMENTS / Math.max(1, perFrame)));
  }
}

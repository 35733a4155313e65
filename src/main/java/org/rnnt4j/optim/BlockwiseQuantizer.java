package org.rnnt4j.optim;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.util.Checks;

/**
 * bitsandbytes' block-wise 8-bit quantisation ({@code quantize_blockwise} / {@code dequantize_blockwise},
 * whose torch reference kernels in {@code backends/default/ops.py} this follows operation by operation):
 * the flattened tensor is cut into blocks of {@link #BLOCK_SIZE} elements (the last may be shorter), each
 * block is divided by its largest magnitude (its absmax) and each value is replaced by the index of the
 * nearest entry of a 256-value map, found by {@code bucketize} against the midpoints of the sorted map
 * (a tie goes to the lower index). Dequantising multiplies the map entry by the block's absmax. All of it
 * runs as tensor operations on the tensor's device; nothing loops over elements on the host.
 *
 * <p>Shapes: n elements of any shape; {@code ceil(n / 256)} blocks.
 */
final class BlockwiseQuantizer {
  /** Elements per block of bitsandbytes' 8-bit optimizer states. */
  static final int BLOCK_SIZE = 256;
  /** bitsandbytes clamps the absmax divisor away from 0 (an all-zero block quantises to the code of 0). */
  private static final double MIN_ABSMAX = 1e-38;

  private final Tensor code;
  private final Tensor midpoints;

  /**
   * @param map (256) sorted float32 values ({@link DynamicMap})
   * @param device where the tensors to quantise live
   */
  BlockwiseQuantizer(Tensor map, Device device) {
    Checks.argument(map.dim() == 1 && map.size(0) == 256, "the map must be (256), got %s", map.shapeString());
    this.code = map.to(device).retain();
    this.midpoints = code.narrow(0, 0, 255).add(code.narrow(0, 1, 255)).div(2.0).retain(); // (255)
  }

  /** A tensor's codes and its blocks' absmax. */
  record Quantized(Tensor codes, Tensor absmax) {}

  /**
   * @param x float32, any shape, n elements
   * @return codes (x's shape, uint8) and absmax (ceil(n / 256), float32)
   */
  Quantized quantize(Tensor x) {
    Tensor flat = x.reshape(-1); // (n)
    long n = flat.numel();
    long tail = n % BLOCK_SIZE;
    long full = n - tail;
    List<Tensor> absmax = new ArrayList<>();
    List<Tensor> scaled = new ArrayList<>();
    if (full > 0) {
      Tensor blocks = flat.narrow(0, 0, full).reshape(full / BLOCK_SIZE, BLOCK_SIZE); // (blocks, 256)
      Tensor max = blocks.abs().maxValues(1, false); // (blocks)
      absmax.add(max);
      Tensor inverse = max.clampMin(MIN_ABSMAX).reciprocal().unsqueeze(1); // (blocks, 1)
      scaled.add(blocks.mul(inverse).clamp(-1, 1).reshape(full));
    }
    if (tail > 0) {
      // the short last block divides rather than multiplying by the inverse, and keeps its clamped absmax
      Tensor rest = flat.narrow(0, full, tail); // (tail)
      Tensor max = rest.abs().max().clampMin(MIN_ABSMAX); // ()
      absmax.add(max.reshape(1));
      scaled.add(rest.div(max).clamp(-1, 1));
    }
    Tensor allScaled = scaled.size() == 1 ? scaled.get(0) : Tensor.cat(scaled, 0); // (n)
    Tensor codes = allScaled.bucketize(midpoints).to(DType.UINT8).reshape(x.shape());
    return new Quantized(codes, absmax.size() == 1 ? absmax.get(0) : Tensor.cat(absmax, 0));
  }

  /**
   * @param codes uint8, any shape, n elements
   * @param absmax (ceil(n / 256)) float32
   * @return float32, the codes' shape
   */
  Tensor dequantize(Tensor codes, Tensor absmax) {
    Tensor values = code.indexSelect(0, codes.reshape(-1).to(DType.INT64)); // (n)
    long n = values.numel();
    long tail = n % BLOCK_SIZE;
    long full = n - tail;
    long blocks = full / BLOCK_SIZE;
    List<Tensor> parts = new ArrayList<>();
    if (full > 0) {
      Tensor scale = absmax.narrow(0, 0, blocks).unsqueeze(1); // (blocks, 1)
      parts.add(values.narrow(0, 0, full).reshape(blocks, BLOCK_SIZE).mul(scale).reshape(full));
    }
    if (tail > 0) {
      parts.add(values.narrow(0, full, tail).mul(absmax.narrow(0, blocks, 1)));
    }
    Tensor flat = parts.size() == 1 ? parts.get(0) : Tensor.cat(parts, 0);
    return flat.reshape(codes.shape());
  }

  /** Blocks of a tensor of {@code numel} elements. */
  static long blocks(long numel) {
    return (numel + BLOCK_SIZE - 1) / BLOCK_SIZE;
  }
}

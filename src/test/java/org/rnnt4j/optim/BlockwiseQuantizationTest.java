package org.rnnt4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * bitsandbytes' dynamic maps and its block-wise quantisation. The goldens (src/test/resources/optim/
 * adamw8bit_goldens.safetensors) come from adamw8bit_goldens.py beside them: a transcription of
 * bitsandbytes' create_dynamic_map and of its torch reference kernels quantize_blockwise /
 * dequantize_blockwise (bitsandbytes commit 95f9af3), run in PyTorch 1.13 (the script's math was also
 * checked equal to those bitsandbytes functions executed from their source). The input has three full
 * blocks at different scales (one all zero, one with an outlier) and a tail of 77 elements. Codes and
 * absmax must be equal bit for bit; map values and dequantised values within 1e-6 relative (linspace's
 * last bits differ between PyTorch 1.13 and 2.x).
 */
class BlockwiseQuantizationTest {
  private static final SafeTensorsFile GOLDENS = SafeTensors.read(Goldens.resource("optim/adamw8bit_goldens.safetensors"));

  private static void assertBitEqual(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
        throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
      }
    }
  }

  /**
   * Asserts every value within 1e-6 relative (a few ulps) of the golden; returns how many differ.
   * PyTorch 1.13's float32 linspace, which made the goldens, and libtorch 2.x's, which this build's map
   * comes from (as bitsandbytes' does on the PyTorch 2 it now requires), differ in the last bit of some
   * steps, and a map value is the mean of two steps.
   */
  private static int assertWithinFewUlps(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    int differ = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        differ++;
        assertTrue(
            Math.abs(expected[i] - actual[i]) <= 1e-6 * Math.abs(expected[i]),
            what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
      }
    }
    return differ;
  }

  @Test
  void theMapsAreBitsandbytesValues() {
    float[] signed = DynamicMap.signed().toFloatArray();
    float[] unsigned = DynamicMap.unsigned().toFloatArray();
    int differ = assertWithinFewUlps(GOLDENS.tensor("map.signed").toFloatArray(), signed, "signed map");
    differ += assertWithinFewUlps(GOLDENS.tensor("map.unsigned").toFloatArray(), unsigned, "unsigned map");
    System.out.println("map values a few ulps from PyTorch 1.13's (linspace's last bits): " + differ + " of 512");
    // the shape of the maps, by hand: 127 negatives, 0, 127 positives and 1; 0, 254 positives and 1
    assertEquals(0f, signed[127]);
    assertEquals(1f, signed[255]);
    assertTrue(signed[0] > -1f && signed[126] < 0f && signed[128] > 0f);
    assertEquals(0f, unsigned[0]);
    assertEquals(1f, unsigned[255]);
    // the finest step of the signed map: the midpoint of [0.1, 1] at 1e-6 is 5.5e-7
    assertEquals(5.5e-7f, signed[128], 1e-13f);
  }

  /** The formula is bitsandbytes' bit for bit: from PyTorch 1.13's linspace steps it gives 1.13's map exactly. */
  @Test
  void fromTheGoldensLinspaceStepsTheMapsAreBitForBit() {
    for (boolean signed : new boolean[] {true, false}) {
      Tensor map = DynamicMap.create(signed, points -> Goldens.tensor(GOLDENS, "linspace." + points));
      assertBitEqual(GOLDENS.tensor(signed ? "map.signed" : "map.unsigned").toFloatArray(), map.toFloatArray(), "map");
    }
  }

  @Test
  void codesAbsmaxAndDequantisedValuesMatchTheReferenceKernels() {
    for (String kind : new String[] {"signed", "unsigned"}) {
      Tensor map = kind.equals("signed") ? DynamicMap.signed() : DynamicMap.unsigned();
      BlockwiseQuantizer q = new BlockwiseQuantizer(map, Device.CPU);
      Tensor input = Goldens.tensor(GOLDENS, "quant." + kind + ".input");
      BlockwiseQuantizer.Quantized out = q.quantize(input);
      assertEquals(DType.UINT8, out.codes().dtype());
      assertArrayEquals(GOLDENS.tensor("quant." + kind + ".codes").toLongArray(), out.codes().toLongArray(), kind + " codes");
      assertBitEqual(GOLDENS.tensor("quant." + kind + ".absmax").toFloatArray(), out.absmax().toFloatArray(), kind + " absmax");
      float[] back = q.dequantize(out.codes(), out.absmax()).toFloatArray();
      // map value times absmax: a few ulps where the map value is (see theMapsAreBitsandbytesValues)
      assertWithinFewUlps(GOLDENS.tensor("quant." + kind + ".dequantized").toFloatArray(), back, kind + " dequantised");
      assertNearestCode(input.toFloatArray(), out, map.toFloatArray(), kind);
    }
  }

  /** Each code is the map entry nearest to value / absmax: its neighbours are no nearer. */
  private static void assertNearestCode(float[] input, BlockwiseQuantizer.Quantized q, float[] map, String kind) {
    long[] codes = q.codes().toLongArray();
    float[] absmax = q.absmax().toFloatArray();
    for (int i = 0; i < input.length; i++) {
      double scale = Math.max(absmax[i / 256], 1e-38);
      double x = input[i] / scale;
      int c = (int) codes[i];
      double d = Math.abs(x - map[c]);
      if (c > 0) {
        assertTrue(d <= Math.abs(x - map[c - 1]) + 1e-7, kind + " element " + i + ": code " + c + " is not the nearest");
      }
      if (c < 255) {
        assertTrue(d <= Math.abs(x - map[c + 1]) + 1e-7, kind + " element " + i + ": code " + c + " is not the nearest");
      }
    }
  }

  @Test
  void anAllZeroBlockStaysZeroAndShapesAreKept() {
    BlockwiseQuantizer q = new BlockwiseQuantizer(DynamicMap.signed(), Device.CPU);
    Tensor zeros = Tensor.zeros(DType.FLOAT32, 3, 100); // 300 elements: one full block and a tail of 44
    BlockwiseQuantizer.Quantized out = q.quantize(zeros);
    assertArrayEquals(new long[] {3, 100}, out.codes().shape());
    assertArrayEquals(new long[] {2}, out.absmax().shape());
    assertEquals(0f, out.absmax().toFloatArray()[0], "a full block keeps absmax 0");
    assertEquals(1e-38f, out.absmax().toFloatArray()[1], "the tail keeps its clamped absmax, as bitsandbytes");
    float[] back = q.dequantize(out.codes(), out.absmax()).toFloatArray();
    for (float v : back) {
      assertEquals(0f, v, 0f);
    }
  }
}

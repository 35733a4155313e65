package org.rnnt4j.util.safetensors;

/**
 * Widening of 16-bit floats to float32. Java 17 has no {@code Float.float16ToFloat} (it arrived in
 * Java 20), so the IEEE half-precision decoding is spelled out here.
 */
final class HalfFloats {
  private HalfFloats() {}

  /** IEEE 754 binary16 (sign 1, exponent 5, mantissa 10) to float, exactly. */
  static float halfToFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) { // infinity or NaN: keep the payload
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** bfloat16 is the upper half of a float32. */
  static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }
}

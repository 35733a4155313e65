package org.rnnt4j.audio;

/**
 * ITU-T G.711 companded 8-bit telephone samples (mu-law in North America and Japan, A-law
 * elsewhere), as found in WAV format tags 7/6 and in NIST SPHERE {@code ulaw}/{@code alaw} files
 * such as Switchboard.
 *
 * <p>Each byte expands to a 14-bit (mu-law) or 13-bit (A-law) linear value, placed in a 16-bit word
 * the way the G.711 reference decoder and FFmpeg do, then scaled by 1/32768 like any 16-bit PCM
 * sample.
 */
final class G711 {
  private static final float[] MU_LAW = new float[256];
  private static final float[] A_LAW = new float[256];

  static {
    for (int code = 0; code < 256; code++) {
      MU_LAW[code] = muLawToLinear(code) / 32768f;
      A_LAW[code] = aLawToLinear(code) / 32768f;
    }
  }

  private G711() {}

  /** The float value of mu-law byte {@code code} (0..255). */
  static float muLaw(int code) {
    return MU_LAW[code & 0xFF];
  }

  /** The float value of A-law byte {@code code} (0..255). */
  static float aLaw(int code) {
    return A_LAW[code & 0xFF];
  }

  /**
   * Mu-law: bits are stored inverted; 3 exponent bits select a segment whose step doubles each
   * time, 4 mantissa bits a step within it. The bias of 0x84 (132) makes segment boundaries powers
   * of two and is subtracted again, so code 0xFF/0x7F decode to 0.
   */
  static int muLawToLinear(int code) {
    int inverted = ~code & 0xFF;
    int exponent = (inverted >> 4) & 0x07;
    int mantissa = inverted & 0x0F;
    int magnitude = ((mantissa << 3) + 0x84) << exponent;
    return (inverted & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
  }

  /**
   * A-law: even bits are stored inverted (XOR 0x55); segment 0 is linear, later segments double the
   * step and add the implicit leading one (the {@code + 32}). Each value sits at the middle of its
   * step ({@code 2m + 1}). The sign bit set means positive.
   */
  static int aLawToLinear(int code) {
    int toggled = (code ^ 0x55) & 0xFF;
    int exponent = (toggled >> 4) & 0x07;
    int mantissa = toggled & 0x0F;
    int magnitude =
        exponent == 0 ? (2 * mantissa + 1) << 3 : (2 * mantissa + 1 + 32) << (exponent + 2);
    return (toggled & 0x80) != 0 ? magnitude : -magnitude;
  }
}

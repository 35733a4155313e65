package org.rnnt4j.text.tokenizer;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a score as C++ {@code std::ostream << float} does by default ({@code %g}, 6 significant
 * digits, trailing zeros dropped, {@code -0} for negative zero), which is how {@code spm_train}
 * writes the second column of a {@code .vocab} file.
 */
public final class ScoreFormat {
  private static final int PRECISION = 6;

  private ScoreFormat() {}

  static String format(float score) {
    if (Float.isNaN(score)) {
      return "nan";
    }
    if (Float.isInfinite(score)) {
      return score > 0 ? "inf" : "-inf";
    }
    if (score == 0f) {
      return (Float.floatToRawIntBits(score) < 0) ? "-0" : "0";
    }
    // The exact binary value rounded half-even, as glibc's printf does.
    BigDecimal rounded =
        new BigDecimal((double) score).round(new MathContext(PRECISION, RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (exponent < -4 || exponent >= PRECISION) {
      BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
      String sign = exponent < 0 ? "-" : "+";
      int abs = Math.abs(exponent);
      return mantissa.toPlainString() + "e" + sign + (abs < 10 ? "0" : "") + abs;
    }
    return rounded.stripTrailingZeros().toPlainString();
  }
}

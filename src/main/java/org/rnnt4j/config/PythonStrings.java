package org.rnnt4j.config;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Formats scalars the way Python's {@code str()} does, because OmegaConf builds embedded interpolations
 * ({@code "run_${model.sample_rate}"}) and we write YAML floats that OmegaConf must read back the same.
 */
final class PythonStrings {
  private PythonStrings() {}

  static String str(Object value) {
    if (value == null) {
      return "None";
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? "True" : "False";
    }
    if (value instanceof Double) {
      return repr((Double) value);
    }
    return String.valueOf(value);
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that round-trip, positional notation for decimal
   * exponents from -4 to 15, else {@code d.ddde-XX} with at least two exponent digits.
   */
  static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    // Double.toString gives digits that round-trip; strip them to the shortest significand.
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - decimal.scale(); // value = d.ddd * 10^exponent
    String sign = value < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = decimal.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent)); // ASCII digits in any locale
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }
}

package org.rnnt4j.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A string value split into literal text and OmegaConf node references ({@code ${model.sample_rate}},
 * {@code ${..batch_size}}, {@code ${a.b[0]}}). {@code \${} is a literal {@code ${}. Resolver calls
 * ({@code ${oc.env:HOME}}) and nested references ({@code ${a.${b}}}) are rejected with a message: NeMo's
 * model configs do not use them.
 */
final class Interpolation {
  /** Either literal text ({@code reference == null}) or one reference expression. */
  record Part(String literal, String reference) {}

  private final List<Part> parts;

  private Interpolation(List<Part> parts) {
    this.parts = parts;
  }

  /** Whether {@code value} contains an unescaped {@code ${}, i.e. needs resolving. */
  static boolean isInterpolated(String value) {
    int at = value.indexOf("${");
    while (at >= 0) {
      if (at == 0 || value.charAt(at - 1) != '\\') {
        return true;
      }
      at = value.indexOf("${", at + 2);
    }
    return false;
  }

  /**
   * Splits {@code value} into literal and reference parts.
   *
   * @throws IllegalArgumentException with a message saying what is wrong with the expression
   */
  static Interpolation parse(String value) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      if (value.startsWith("\\${", i)) {
        literal.append("${");
        i += 3;
      } else if (value.startsWith("${", i)) {
        int close = value.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unterminated interpolation in '" + value + "'");
        }
        String expression = value.substring(i + 2, close).trim();
        if (expression.contains("${")) {
          throw new IllegalArgumentException("nested interpolation in '" + value + "' is not supported");
        }
        if (expression.contains(":")) {
          throw new IllegalArgumentException(
              "resolver call ${" + expression + "} is not supported; only node references like ${model.sample_rate}");
        }
        if (expression.isEmpty()) {
          throw new IllegalArgumentException("empty interpolation ${} in '" + value + "'");
        }
        if (literal.length() > 0) {
          parts.add(new Part(literal.toString(), null));
          literal.setLength(0);
        }
        parts.add(new Part(null, expression));
        i = close + 1;
      } else {
        literal.append(value.charAt(i));
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), null));
    }
    return new Interpolation(List.copyOf(parts));
  }

  List<Part> parts() {
    return parts;
  }

  /** True for {@code "${x}"} alone: the value takes the referenced value's type (int stays int, a node stays a node). */
  boolean isWholeValue() {
    return parts.size() == 1 && parts.get(0).reference() != null;
  }
}

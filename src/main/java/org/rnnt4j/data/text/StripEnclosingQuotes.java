package org.rnnt4j.data.text;

/**
 * Common Voice: a transcript that starts and ends with {@code "} loses both ({@code s[1:-1]}; a lone
 * {@code "} becomes empty, as in Python), then doubled quotes {@code ""} become one.
 */
public record StripEnclosingQuotes() implements TextRule {
  @Override
  public String apply(String text) {
    String out = text;
    if (out.startsWith("\"") && out.endsWith("\"")) {
      out = out.length() >= 2 ? out.substring(1, out.length() - 1) : "";
    }
    return out.replace("\"\"", "\"");
  }
}

package org.rnnt4j.util;

/**
 * Python's whitespace rules, which the recipe's transcript clean-up and jiwer's tokenisation use:
 * {@code str.isspace} (also what {@code re}'s {@code \\s} matches), {@code re.sub(r"\\s\\s+", " ", s)} and
 * {@code str.strip()}.
 */
public final class PythonWhitespace {
  private PythonWhitespace() {}

  /** Python's {@code str.isspace()} for one code point. */
  public static boolean isSpace(int c) {
    return (c >= 0x09 && c <= 0x0D)
        || (c >= 0x1C && c <= 0x20)
        || c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /** {@code re.sub(r"\s\s+", " ", s)}. */
  public static String collapseWhitespaceRuns(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int c = s.codePointAt(i);
      if (isSpace(c)) {
        int end = i + Character.charCount(c);
        while (end < s.length() && isSpace(s.codePointAt(end))) {
          end += Character.charCount(s.codePointAt(end));
        }
        boolean run = end - i > Character.charCount(c);
        if (run) {
          out.append(' ');
        } else {
          out.appendCodePoint(c);
        }
        i = end;
      } else {
        out.appendCodePoint(c);
        i += Character.charCount(c);
      }
    }
    return out.toString();
  }

  /** {@code s.strip()}. */
  public static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }
}

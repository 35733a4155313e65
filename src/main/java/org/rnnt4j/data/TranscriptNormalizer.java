package org.rnnt4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recipe's transcript clean-up before tokenising: lower-case when {@code --do_lower_case} (Python's
 * {@code str.lower()}), then "jiwer compliance": runs of two or more whitespace characters become one space
 * ({@code re.sub(r"\s\s+", " ", s)}) and the ends are stripped. Whitespace is Python's ({@code str.isspace}),
 * so the result is the string the Python recipe would train and score on.
 */
public final class TranscriptNormalizer {
  private final boolean lowerCase;

  public TranscriptNormalizer(boolean lowerCase) {
    this.lowerCase = lowerCase;
  }

  public boolean lowerCase() {
    return lowerCase;
  }

  public String normalize(String text) {
    String out = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
    return strip(collapseWhitespaceRuns(out));
  }

  /** New utterances with normalised text, in the same order; none is dropped. */
  public List<Utterance> apply(List<Utterance> utterances) {
    List<Utterance> out = new ArrayList<>(utterances.size());
    for (Utterance u : utterances) {
      out.add(u.withText(normalize(u.text())));
    }
    return out;
  }

  /** Python's {@code str.isspace()} for one code point. */
  public static boolean isPythonSpace(int c) {
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

  public static String collapseWhitespaceRuns(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int c = s.codePointAt(i);
      int end = i + Character.charCount(c);
      if (isPythonSpace(c)) {
        while (end < s.length() && isPythonSpace(s.codePointAt(end))) {
          end += Character.charCount(s.codePointAt(end));
        }
      }
      if (end - i > Character.charCount(c)) {
        out.append(' ');
      } else {
        out.appendCodePoint(c);
      }
      i = end;
    }
    return out.toString();
  }

  public static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPythonSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isPythonSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }
}

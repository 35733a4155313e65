package org.rnnt4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnnt4j.util.PythonWhitespace;

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
    return PythonWhitespace.strip(PythonWhitespace.collapseWhitespaceRuns(out));
  }

  /** New utterances with normalised text, in the same order; none is dropped. */
  public List<Utterance> apply(List<Utterance> utterances) {
    List<Utterance> out = new ArrayList<>(utterances.size());
    for (Utterance u : utterances) {
      out.add(u.withText(normalize(u.text())));
    }
    return out;
  }
}

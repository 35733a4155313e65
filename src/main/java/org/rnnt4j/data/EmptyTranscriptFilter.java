package org.rnnt4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops utterances whose transcript is empty or only whitespace (Python's notion of it), as the recipe's
 * {@code is_labels_non_zero} does after normalising: a transducer cannot learn from an empty target.
 */
public final class EmptyTranscriptFilter implements UtteranceFilter {
  @Override
  public Filtered apply(List<Utterance> utterances) {
    FilterReport.Counter counter = new FilterReport.Counter("empty transcript");
    List<Utterance> kept = new ArrayList<>();
    for (Utterance u : utterances) {
      counter.examined();
      if (org.rnnt4j.util.PythonWhitespace.strip(u.text()).isEmpty()) {
        counter.dropped("empty transcript");
      } else {
        kept.add(u);
      }
    }
    return new Filtered(kept, counter.report());
  }
}

package org.rnnt4j.data;

import java.util.List;

/** The utterances a filter kept, in their original order, and its report. */
public record Filtered(List<Utterance> kept, FilterReport report) {
  public Filtered {
    kept = List.copyOf(kept);
  }
}

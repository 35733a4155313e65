package org.rnnt4j.data;

import java.util.List;

/** A step that keeps some utterances, in order, and reports what it dropped and why. */
@FunctionalInterface
public interface UtteranceFilter {
  Filtered apply(List<Utterance> utterances);
}

package org.rnnt4j.train;

import java.util.Locale;

/** Hugging Face's {@code IntervalStrategy} for evaluation and saving: never, every N steps, or every epoch. */
public enum IntervalStrategy {
  NO,
  STEPS,
  EPOCH;

  public static IntervalStrategy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("strategy must be one of no, steps, epoch; got '" + text + "'");
    }
  }
}

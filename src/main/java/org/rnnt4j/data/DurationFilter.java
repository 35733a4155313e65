package org.rnnt4j.data;

import java.util.ArrayList;
import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * Drops utterances whose stated duration is out of bounds. Utterances of unknown duration (Parquet rows
 * before decoding) are kept and counted in the report's notes; check them again once decoded.
 *
 * <p>{@link Bounds#EXCLUSIVE} keeps {@code min < d < max}, as the Hugging Face recipe's {@code
 * is_audio_in_length_range} does with {@code --min_duration_in_seconds}/{@code --max_duration_in_seconds};
 * {@link Bounds#INCLUSIVE} keeps {@code min <= d <= max}, as NeMo's manifest {@code min_duration}/{@code
 * max_duration} do.
 */
public final class DurationFilter implements UtteranceFilter {
  /** Whether utterances exactly at a bound are kept. */
  public enum Bounds {
    EXCLUSIVE,
    INCLUSIVE
  }

  private final double minSeconds;
  private final double maxSeconds;
  private final Bounds bounds;

  /** Use 0 and {@code Double.POSITIVE_INFINITY} for an open side. */
  public DurationFilter(double minSeconds, double maxSeconds, Bounds bounds) {
    Checks.argument(minSeconds >= 0, "min duration must be >= 0 seconds, got %s", minSeconds);
    Checks.argument(maxSeconds >= minSeconds, "max duration (%s s) must be >= min duration (%s s)", maxSeconds, minSeconds);
    this.minSeconds = minSeconds;
    this.maxSeconds = maxSeconds;
    this.bounds = Checks.notNull(bounds, "bounds");
  }

  @Override
  public Filtered apply(List<Utterance> utterances) {
    FilterReport.Counter counter = new FilterReport.Counter("duration");
    List<Utterance> kept = new ArrayList<>();
    String op = bounds == Bounds.EXCLUSIVE ? "" : "or equal to ";
    for (Utterance u : utterances) {
      counter.examined();
      if (!u.hasDuration()) {
        counter.note("unknown duration, not checked");
        kept.add(u);
        continue;
      }
      double d = u.durationSeconds();
      boolean tooShort = bounds == Bounds.EXCLUSIVE ? d <= minSeconds : d < minSeconds;
      boolean tooLong = bounds == Bounds.EXCLUSIVE ? d >= maxSeconds : d > maxSeconds;
      if (tooShort) {
        counter.dropped("shorter than " + op + minSeconds + " s");
      } else if (tooLong) {
        counter.dropped("longer than " + op + maxSeconds + " s");
      } else {
        kept.add(u);
      }
    }
    return new Filtered(kept, counter.report());
  }
}

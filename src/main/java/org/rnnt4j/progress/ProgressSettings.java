package org.rnnt4j.progress;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.rnnt4j.util.Checks;

/**
 * How every progress display of the process behaves: the mode, the longest silence in {@link
 * ProgressMode#LINES} mode, where lines go and the clock that times them (tests inject both). The CLI
 * sets them once ({@code --disable_tqdm}); data preparation, evaluation and training read them through
 * {@link Progress#start}, so none of them needs a display passed down.
 *
 * @param mode bar, lines or off
 * @param minIntervalNanos in lines mode, a line at least this often while the task advances
 * @param lines where lines-mode lines go
 * @param clock monotonic nanoseconds
 */
public record ProgressSettings(ProgressMode mode, long minIntervalNanos, Consumer<String> lines, LongSupplier clock) {
  /** At least one line every 30 s in lines mode. */
  public static final long DEFAULT_MIN_INTERVAL_NANOS = 30_000_000_000L;

  private static final Logger LOG = Logger.getLogger("rnnt4j.progress");
  private static volatile ProgressSettings current;

  public ProgressSettings {
    Checks.notNull(mode, "mode");
    Checks.argument(minIntervalNanos > 0, "min interval must be > 0, got %s", minIntervalNanos);
    Checks.notNull(lines, "lines");
    Checks.notNull(clock, "clock");
  }

  /** The mode {@link ProgressMode#detect()} picks, lines to the log, a line at least every 30 s. */
  public static ProgressSettings defaults() {
    return of(ProgressMode.detect());
  }

  /** {@code mode} with the default interval, log and clock. */
  public static ProgressSettings of(ProgressMode mode) {
    return new ProgressSettings(mode, DEFAULT_MIN_INTERVAL_NANOS, LOG::info, System::nanoTime);
  }

  /** The process's settings: what {@link #install} set, else {@link #defaults()}. */
  public static ProgressSettings current() {
    ProgressSettings s = current;
    if (s == null) {
      s = defaults();
      current = s;
    }
    return s;
  }

  /** Makes {@code settings} the process's; returns the previous ones (to restore in tests). */
  public static synchronized ProgressSettings install(ProgressSettings settings) {
    ProgressSettings previous = current();
    current = Checks.notNull(settings, "settings");
    return previous;
  }
}

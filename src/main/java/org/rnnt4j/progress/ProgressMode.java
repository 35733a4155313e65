package org.rnnt4j.progress;

import java.util.Locale;

/** How a long task shows its progress. */
public enum ProgressMode {
  /** A bar redrawn in place on the terminal (stderr), as tqdm draws one. */
  BAR,
  /**
   * One log line now and then: every N steps where the task says (training: {@code --logging_steps}), and
   * at least every {@link ProgressSettings#minIntervalNanos()}, so a long quiet run is never silent; for
   * logs and pipes, where a redrawn bar would be noise.
   */
  LINES,
  /** Nothing. */
  OFF;

  /** {@link #BAR} when stderr is a terminal (Java 17: {@code System.console()} is null when redirected), else {@link #LINES}. */
  public static ProgressMode detect() {
    return System.console() != null ? BAR : LINES;
  }

  public static ProgressMode parse(String name) {
    for (ProgressMode m : values()) {
      if (m.name().equalsIgnoreCase(name.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException("progress mode must be bar, lines or off, got '" + name + "'");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package org.rnnt4j.progress;

import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rnnt4j.util.Checks;

/**
 * The progress of one long task (training steps, evaluation batches, decoded utterances), drawn by
 * me.tongfei's progressbar: {@code train  42% [=====>     ] 270/640 steps (0:01:23 / 0:01:54) 3.25 steps/s
 * epoch 1.27 loss 3.214 lr 9.8e-05}: task, share done, count, elapsed and remaining time, rate and the
 * task's message. On a terminal the bar is redrawn in place; in {@link ProgressMode#LINES} mode the same
 * line is logged every {@code every} units and at least every {@link ProgressSettings#minIntervalNanos()},
 * and once when the task ends.
 */
public final class Progress implements AutoCloseable {
  private static final int LINE_LENGTH = 130;

  /** Bars drawn now, innermost last: a task started inside another shows in its parent's line. */
  private static final java.util.Deque<Progress> DRAWN = new java.util.concurrent.ConcurrentLinkedDeque<>();

  private final ProgressSettings settings;
  private final ProgressBar bar;
  private final Progress parent;
  private final String task;
  private final long total;
  private String parentMessage;
  private final long every;
  private final Object lock = new Object();
  private boolean armed;
  private long lastLineDone;
  private long lastLineNanos;
  private boolean closed;

  private Progress(ProgressSettings settings, String task, long total, String unit, long initial, long every) {
    this.settings = settings;
    this.every = every;
    this.task = task;
    this.total = total;
    this.lastLineDone = initial;
    this.lastLineNanos = settings.clock().getAsLong();
    // two bars redrawn on one terminal line would fight: an inner task (evaluation during training)
    // reports in its parent's message instead
    this.parent = settings.mode() == ProgressMode.BAR ? DRAWN.peekLast() : null;
    if (settings.mode() == ProgressMode.OFF || parent != null) {
      bar = null;
      if (parent != null) {
        parentMessage = parent.bar.getExtraMessage();
      }
      return;
    }
    ProgressBarBuilder b = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .showSpeed(new DecimalFormat("0.0#"))
        .setSpeedUnit(ChronoUnit.SECONDS)
        .startsFrom(initial, Duration.ZERO);
    if (settings.mode() == ProgressMode.BAR) {
      b.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err));
    } else {
      // lines: rendered only when this class asks (refresh while armed); the bar's own timer stays idle
      b.setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(Integer.MAX_VALUE)
          .continuousUpdate()
          .setConsumer(new DelegatingProgressBarConsumer(this::emit, LINE_LENGTH));
    }
    bar = b.build();
    if (settings.mode() == ProgressMode.BAR) {
      DRAWN.addLast(this);
    }
  }

  /**
   * Starts a task with the process's {@link ProgressSettings#current() settings}.
   *
   * @param total units of the whole task (steps, batches, utterances)
   * @param unit what a unit is, for the rate ({@code steps} gives "3.3 steps/s")
   * @param every in lines mode, a line every this many units (0: by time only)
   */
  public static Progress start(String task, long total, String unit, long every) {
    return start(ProgressSettings.current(), task, total, unit, 0, every);
  }

  /** @param initial units already done (a resumed run): the rate and remaining time count only new ones */
  public static Progress start(ProgressSettings settings, String task, long total, String unit, long initial, long every) {
    Checks.argument(total >= 0 && initial >= 0 && every >= 0, "total, initial and every must be >= 0, got %s, %s, %s", total, initial, every);
    return new Progress(settings, task, total, unit, initial, every);
  }

  /** The task reached {@code done} units; {@code message} follows the rate (null for none). */
  public void update(long done, String message) {
    if (parent != null && !closed) {
      parent.bar.setExtraMessage(parentMessage + " | " + task + " " + done + "/" + total);
      return;
    }
    if (bar == null || closed) {
      return;
    }
    bar.stepTo(done);
    if (message != null) {
      bar.setExtraMessage(" " + message);
    }
    if (settings.mode() == ProgressMode.LINES) {
      long now = settings.clock().getAsLong();
      boolean byCount = every > 0 && done / every > lastLineDone / every;
      if (byCount || now - lastLineNanos >= settings.minIntervalNanos()) {
        line(done, now);
      }
    }
  }

  /** Ends the task; in lines mode a last line says where it ended, unless the last one already did. */
  @Override
  public void close() {
    if (parent != null && !closed) {
      closed = true;
      parent.bar.setExtraMessage(parentMessage);
      return;
    }
    if (bar == null || closed) {
      return;
    }
    DRAWN.remove(this);
    if (settings.mode() == ProgressMode.LINES && bar.getCurrent() != lastLineDone) {
      line(bar.getCurrent(), settings.clock().getAsLong());
    }
    closed = true;
    bar.close();
  }

  private void line(long done, long now) {
    synchronized (lock) {
      armed = true;
      try {
        bar.refresh();
      } finally {
        armed = false;
      }
    }
    lastLineDone = done;
    lastLineNanos = now;
  }

  private void emit(String rendered) {
    synchronized (lock) {
      if (armed) {
        settings.lines().accept(rendered.stripTrailing());
      }
    }
  }
}

package org.rnnt4j.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Lines mode, with an injected clock: a line every N units, at least one every interval however quiet
 * the counting is, one at the end; each line is the library's rendering of task, share, count, times,
 * rate and message. Off mode prints nothing.
 */
class ProgressTest {
  private static final long SECOND = 1_000_000_000L;
  /** "train  78% [=====>  ] 500/640 steps (0:00:00 / 0:00:00) 1234.5 steps/s epoch 1.00" as the library draws it. */
  private static final String LINE =
      "train\\s+\\d+% \\[[=> ]*\\]\\s+(\\d+)/640 steps \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) (\\?|[\\d.,]+) ?steps/s epoch \\d\\.\\d\\d";

  @Test
  void aLineEveryLoggingStepsAndAtLeastEveryIntervalThenOneAtTheEnd() {
    List<String> lines = new ArrayList<>();
    AtomicLong now = new AtomicLong();
    ProgressSettings settings = new ProgressSettings(ProgressMode.LINES, 30 * SECOND, lines::add, now::get);
    // 640 steps of 1 s with --logging_steps 500: the case that printed nothing for ten minutes
    try (Progress p = Progress.start(settings, "train", 640, "steps", 0, 500)) {
      for (int step = 1; step <= 640; step++) {
        now.addAndGet(SECOND);
        p.update(step, String.format("epoch %.2f", step / 320.0));
      }
    }
    List<Integer> steps = new ArrayList<>();
    for (String line : lines) {
      var m = java.util.regex.Pattern.compile(LINE).matcher(line);
      assertTrue(m.matches(), "line as drawn by progressbar: '" + line + "'");
      steps.add(Integer.parseInt(m.group(1)));
    }
    List<Integer> expected = new ArrayList<>();
    for (int s = 30; s <= 630; s += 30) {
      expected.add(s);
      if (s == 480) {
        expected.add(500); // the logging step, 20 s after the last line
      }
    }
    // after the logging step at 500 the 30 s count restarts: 530, 560, ...
    expected.removeIf(s -> s > 500);
    for (int s = 530; s <= 640; s += 30) {
      expected.add(s);
    }
    expected.add(640); // the end
    assertEquals(expected, steps);
  }

  @Test
  void aTaskCountedOnlyByTimeEndsWithOneLine() {
    List<String> lines = new ArrayList<>();
    AtomicLong now = new AtomicLong();
    try (Progress p = Progress.start(new ProgressSettings(ProgressMode.LINES, 30 * SECOND, lines::add, now::get), "eval", 10, "utts", 0, 0)) {
      for (int i = 1; i <= 10; i++) {
        p.update(i, null);
      }
    }
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("eval 100% \\[=+\\] 10/10 utts \\(.*"), lines.get(0));
  }

  @Test
  void offPrintsNothing() {
    List<String> lines = new ArrayList<>();
    try (Progress p = Progress.start(new ProgressSettings(ProgressMode.OFF, SECOND, lines::add, System::nanoTime), "x", 5, "u", 0, 1)) {
      for (int i = 1; i <= 5; i++) {
        p.update(i, "m");
      }
    }
    assertTrue(lines.isEmpty());
  }
}

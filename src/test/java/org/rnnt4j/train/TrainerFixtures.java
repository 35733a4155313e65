package org.rnnt4j.train;

import java.nio.file.Path;

/** Small, explicit training arguments for tests. */
final class TrainerFixtures {
  private TrainerFixtures() {}

  static TrainingArguments arguments(Path outputDir) {
    return new TrainingArguments(
        outputDir, true, true, false, false, 1.0, -1, 2, 2, 1e-3, 0.0, 0.9, 0.999, 1e-8, 1.0, 0, 0.0, 10,
        IntervalStrategy.NO, 10, IntervalStrategy.NO, 10, 0, 42, false, 0, "cpu");
  }
}

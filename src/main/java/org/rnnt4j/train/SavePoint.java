package org.rnnt4j.train;

import java.util.List;
import org.rnnt4j.checkpoint.training.CheckpointSection;
import org.rnnt4j.checkpoint.training.SamplerPosition;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.LrSchedule;

/**
 * What the loop hands its listeners when the save strategy says to save: the live optimizer and
 * schedule it owns, where the data stream stands, and the optional checkpoint sections of the loop's
 * own state (its loss sums and SpecAugment's generator, the moving average, a loss's own parameters),
 * already copied. Listeners copy what they keep of the rest; the optimizer changes with the next step.
 */
public record SavePoint(AdamW optimizer, LrSchedule schedule, SamplerPosition position, List<CheckpointSection> sections) {
  public SavePoint {
    sections = List.copyOf(sections);
  }
}

package org.rnnt4j.checkpoint.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rnnt4j.util.Checks;

/**
 * Everything a training run needs to continue where it stopped, as one immutable value: the model, the
 * optimizer's moments, the learning-rate schedule, the random state (sampler position and libtorch
 * generators), Hugging Face's trainer state, and optional sections that later features add. {@link
 * TrainingCheckpointWriter} writes it as {@code checkpoint-N/} and {@link TrainingCheckpointReader}
 * reads back an equal value (docs/checkpoint-format.md describes the files).
 *
 * @param sections optional sections by name (see {@link CheckpointSection})
 */
public record TrainingState(
    ModelSnapshot model,
    OptimizerState optimizer,
    ScheduleState schedule,
    RngState rng,
    HfTrainerState trainerState,
    Map<String, CheckpointSection> sections) {
  /** The sections every checkpoint has, in header order. */
  public static final Set<String> CORE_SECTIONS = orderedSet("model", "optimizer", "scheduler", "rng", "trainer_state");

  public TrainingState {
    Checks.notNull(model, "model");
    Checks.notNull(optimizer, "optimizer");
    Checks.notNull(schedule, "schedule");
    Checks.notNull(rng, "rng");
    Checks.notNull(trainerState, "trainerState");
    Checks.argument(
        schedule.step() == trainerState.globalStep(),
        "the schedule has scheduled %s updates but the trainer is at global step %s", schedule.step(), trainerState.globalStep());
    Checks.argument(
        optimizer.stepCount() <= trainerState.globalStep(),
        "the optimizer took %s steps, more than the global step %s", optimizer.stepCount(), trainerState.globalStep());
    sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    sections.forEach((name, section) ->
        Checks.argument(name.equals(section.name()), "section %s is filed under the name '%s'", section.name(), name));
  }

  public long globalStep() {
    return trainerState.globalStep();
  }

  /** This state with {@code section} added, or replacing the one of the same name. */
  public TrainingState withSection(CheckpointSection section) {
    Map<String, CheckpointSection> more = new LinkedHashMap<>(sections);
    more.put(section.name(), section);
    return new TrainingState(model, optimizer, schedule, rng, trainerState, more);
  }

  private static Set<String> orderedSet(String... names) {
    return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(java.util.List.of(names)));
  }
}

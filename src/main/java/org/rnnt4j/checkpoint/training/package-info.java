/**
 * Training checkpoints: the {@code checkpoint-N/} directories a run writes at its save points, as one
 * immutable {@link org.rnnt4j.checkpoint.training.TrainingState} (model, AdamW moments with per-parameter
 * steps, schedule, sampler position and libtorch generator states, Hugging Face's {@code
 * trainer_state.json}, optional named sections), a writer that replaces a directory atomically, a reader
 * that verifies every file's SHA-256 against the versioned header {@code checkpoint.json} before parsing,
 * {@code save_total_limit} rotation, the search for the newest complete checkpoint a run resumes from,
 * and icefall's averaging of the weights of several checkpoints.
 *
 * <p>The files, the header, the version policy and how optional sections are added are described in
 * docs/checkpoint-format.md.
 */
package org.rnnt4j.checkpoint.training;

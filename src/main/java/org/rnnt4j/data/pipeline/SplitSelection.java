package org.rnnt4j.data.pipeline;

import java.util.Optional;
import org.rnnt4j.util.Checks;

/**
 * One role's data (training, evaluation or test) and the filters that apply to it alone: a split
 * expression of the dataset or NeMo manifests, a sample cap and duration bounds.
 *
 * @param splitName a split expression: {@code a+b} concatenates splits for training and evaluation and
 *     names separate test sets for testing; slices as HF ({@code train[:80%]})
 * @param manifest comma-separated NeMo JSONL manifests used instead of the dataset, or null
 * @param maxSamples keep only the first N utterances ({@code --max_*_samples}), or null for all
 * @param minDurationSeconds drop shorter utterances (0 = none)
 * @param maxDurationSeconds drop longer utterances, or null for no upper bound
 */
public record SplitSelection(
    String splitName, String manifest, Long maxSamples, double minDurationSeconds, Double maxDurationSeconds) {

  public SplitSelection {
    Checks.argument(splitName != null || manifest != null, "a split needs a split name or a manifest");
    Checks.argument(maxSamples == null || maxSamples >= 0, "max samples must be >= 0, got %s", maxSamples);
    Checks.argument(minDurationSeconds >= 0, "min_duration_in_seconds must be >= 0, got %s", minDurationSeconds);
    Checks.argument(
        maxDurationSeconds == null || maxDurationSeconds > minDurationSeconds,
        "max_duration_in_seconds %s must exceed min_duration_in_seconds %s", maxDurationSeconds, minDurationSeconds);
  }

  /** A split of the dataset, everything kept. */
  public static SplitSelection split(String splitName) {
    return new SplitSelection(splitName, null, null, 0.0, null);
  }

  /** NeMo manifests (comma-separated), everything kept. */
  public static SplitSelection manifest(String manifest) {
    return new SplitSelection(null, manifest, null, 0.0, null);
  }

  public SplitSelection withMaxSamples(Long value) {
    return new SplitSelection(splitName, manifest, value, minDurationSeconds, maxDurationSeconds);
  }

  /** The duration bounds; {@code max} null for no upper bound. */
  public SplitSelection withDurations(double min, Double max) {
    return new SplitSelection(splitName, manifest, maxSamples, min, max);
  }

  /** Whether the examples come from manifests rather than the dataset. */
  public boolean fromManifest() {
    return manifest != null;
  }

  public Optional<Double> maxDuration() {
    return Optional.ofNullable(maxDurationSeconds);
  }
}

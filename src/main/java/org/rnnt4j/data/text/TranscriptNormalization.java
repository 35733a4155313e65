package org.rnnt4j.data.text;

import java.util.Locale;
import java.util.Optional;
import org.rnnt4j.util.Checks;

/**
 * {@code --transcript_normalization}: which of the Python recipe's per-dataset transcript rules
 * ({@link RecipeDataset}) apply. {@code auto} recognises the dataset by its name as the recipe does,
 * {@code none} applies none, and a dataset key ({@code tedlium}, ...) applies that dataset's rules
 * whatever the data is called.
 */
public sealed interface TranscriptNormalization {
  /** The recipe's behaviour and the default: the rules of the dataset the name denotes, if any. */
  TranscriptNormalization AUTO = new Auto();

  /** No dataset rules (lower-casing and whitespace clean-up still apply). */
  TranscriptNormalization NONE = new None();

  /** Rules chosen by the dataset's name. */
  record Auto() implements TranscriptNormalization {
    @Override
    public Optional<RecipeDataset> datasetFor(String datasetName) {
      return RecipeDataset.recognise(datasetName);
    }

    @Override
    public String toString() {
      return "auto";
    }
  }

  /** No dataset rules. */
  record None() implements TranscriptNormalization {
    @Override
    public Optional<RecipeDataset> datasetFor(String datasetName) {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "none";
    }
  }

  /** One dataset's rules, named with its {@link RecipeDataset#key()}. */
  record Fixed(RecipeDataset dataset) implements TranscriptNormalization {
    public Fixed {
      Checks.notNull(dataset, "dataset");
    }

    @Override
    public Optional<RecipeDataset> datasetFor(String datasetName) {
      return Optional.of(dataset);
    }

    @Override
    public String toString() {
      return dataset.key();
    }
  }

  /**
   * The dataset whose rules apply.
   *
   * @param datasetName what {@code --dataset_name} resolved to (a Hub id or a folder), or null
   */
  Optional<RecipeDataset> datasetFor(String datasetName);

  /**
   * Parses {@code auto}, {@code none} or a {@link RecipeDataset#key()} (case-insensitive); an unknown
   * value is an {@link IllegalArgumentException} listing the accepted ones.
   */
  static TranscriptNormalization parse(String value) {
    Checks.notNull(value, "transcript_normalization");
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("auto")) {
      return AUTO;
    }
    if (v.equals("none")) {
      return NONE;
    }
    return new Fixed(RecipeDataset.byKey(v));
  }
}

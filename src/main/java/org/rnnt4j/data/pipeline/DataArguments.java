package org.rnnt4j.data.pipeline;

import org.rnnt4j.util.Checks;

/**
 * Where the data comes from and how each role's data is chosen and filtered, with the Python recipe's
 * flag names: the {@link DatasetSelection} shared by every command, and one {@link SplitSelection} per
 * role. {@code rnnt4j train} selects all three roles; {@code rnnt4j evaluate} only the evaluation one
 * ({@link #forEvaluation}).
 *
 * @param dataset the dataset and how its examples are read and cleaned
 * @param train the training data (the duration bounds of {@code --min/max_duration_in_seconds}), or
 *     null when none is selected
 * @param eval the evaluation data (no duration bound unless {@code --max_eval_duration_in_seconds},
 *     unlike the recipe), or null when none is selected
 * @param test the test sets: each name of {@code a+b}, or each manifest, is one test set; or null
 * @param trainTargetLengths token-count bounds of training transcripts ({@code --min/max_target_length})
 */
public record DataArguments(
    DatasetSelection dataset, SplitSelection train, SplitSelection eval, SplitSelection test, TargetLengths trainTargetLengths) {

  public DataArguments {
    Checks.notNull(dataset, "dataset");
    trainTargetLengths = trainTargetLengths == null ? TargetLengths.ANY : trainTargetLengths;
    Checks.argument(
        dataset.datasetName() != null || fromManifest(train) || fromManifest(eval) || fromManifest(test),
        "no data: give --dataset_name DIR or --train_manifest/--eval_manifest/--test_manifest");
  }

  /** No bound on the training transcripts' token counts. */
  public DataArguments(DatasetSelection dataset, SplitSelection train, SplitSelection eval, SplitSelection test) {
    this(dataset, train, eval, test, TargetLengths.ANY);
  }

  /** Only evaluation data, as {@code rnnt4j evaluate} scores it. */
  public static DataArguments forEvaluation(DatasetSelection dataset, SplitSelection eval) {
    Checks.notNull(eval, "eval");
    return new DataArguments(dataset, null, eval, null);
  }

  /** The recipe's defaults for all three roles (see {@link Builder}). */
  public static Builder builder() {
    return new Builder();
  }

  public boolean doLowerCase() {
    return dataset.doLowerCase();
  }

  public boolean failOnBadSamples() {
    return dataset.failOnBadSamples();
  }

  private static boolean fromManifest(SplitSelection split) {
    return split != null && split.fromManifest();
  }

  /**
   * Builds {@link DataArguments} for all three roles from the recipe's flags; every setter is named after
   * its flag and every default is the recipe's ({@code train}, {@code validation}, {@code test}, training
   * utterances of at most 20 s, no eval/test duration bound).
   */
  public static final class Builder {
    private DatasetSelection dataset = DatasetSelection.builder().build();
    private String trainSplitName = "train";
    private String evalSplitName = "validation";
    private String testSplitName = "test";
    private String trainManifest;
    private String evalManifest;
    private String testManifest;
    private double maxDurationSeconds = 20.0;
    private double minDurationSeconds = 0.0;
    private Double maxEvalDurationSeconds;
    private Long maxTrainSamples;
    private Long maxEvalSamples;
    private Long maxPredictSamples;
    private TargetLengths trainTargetLengths = TargetLengths.ANY;

    private Builder() {}

    public Builder dataset(DatasetSelection value) {
      dataset = value;
      return this;
    }

    public Builder trainSplitName(String value) {
      trainSplitName = value;
      return this;
    }

    public Builder evalSplitName(String value) {
      evalSplitName = value;
      return this;
    }

    public Builder testSplitName(String value) {
      testSplitName = value;
      return this;
    }

    public Builder trainManifest(String value) {
      trainManifest = value;
      return this;
    }

    public Builder evalManifest(String value) {
      evalManifest = value;
      return this;
    }

    public Builder testManifest(String value) {
      testManifest = value;
      return this;
    }

    public Builder maxDurationSeconds(double value) {
      maxDurationSeconds = value;
      return this;
    }

    public Builder minDurationSeconds(double value) {
      minDurationSeconds = value;
      return this;
    }

    public Builder maxEvalDurationSeconds(Double value) {
      maxEvalDurationSeconds = value;
      return this;
    }

    public Builder maxTrainSamples(Long value) {
      maxTrainSamples = value;
      return this;
    }

    public Builder maxEvalSamples(Long value) {
      maxEvalSamples = value;
      return this;
    }

    public Builder maxPredictSamples(Long value) {
      maxPredictSamples = value;
      return this;
    }

    /** {@code --min_target_length}, {@code --max_target_length}: nulls for no bound. */
    public Builder targetLengths(Integer min, Integer max) {
      trainTargetLengths = new TargetLengths(min, max);
      return this;
    }

    public DataArguments build() {
      return new DataArguments(
          dataset,
          new SplitSelection(trainSplitName, trainManifest, maxTrainSamples, minDurationSeconds, maxDurationSeconds),
          new SplitSelection(evalSplitName, evalManifest, maxEvalSamples, 0.0, maxEvalDurationSeconds),
          new SplitSelection(testSplitName, testManifest, maxPredictSamples, 0.0, maxEvalDurationSeconds),
          trainTargetLengths);
    }
  }
}

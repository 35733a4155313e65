package org.rnnt4j.data.pipeline;

import java.util.Optional;
import org.rnnt4j.util.Checks;

/**
 * Where the data comes from and how it is filtered, with the Python recipe's flag names.
 *
 * @param datasetName a local Hugging Face dataset folder, a save_to_disk folder, or a Hub id found in the
 *     Hugging Face cache (or null when manifests are used)
 * @param trainSplitName {@code a+b} concatenates splits, slices as HF ({@code train[:80%]})
 * @param evalSplitName as {@code trainSplitName}
 * @param testSplitName {@code a+b} names separate test sets, each reported on its own
 * @param trainManifest comma-separated NeMo manifests (instead of a dataset)
 * @param maxDurationSeconds drop longer training utterances
 * @param maxEvalDurationSeconds drop longer eval/test utterances only when given (unlike the recipe)
 * @param failOnBadSamples fail instead of skipping corrupt/empty samples and untokenizable transcripts
 * @param transcriptNormalization {@code auto} (the recipe's per-dataset rules, chosen by dataset name),
 *     {@code none}, or a dataset key such as {@code tedlium} (see {@code RecipeDataset})
 * @param download fetch a Hub dataset that is not in the Hugging Face cache (never done otherwise)
 */
public record DataArguments(
    String datasetName,
    String datasetConfigName,
    String trainSplitName,
    String evalSplitName,
    String testSplitName,
    String textColumnName,
    String audioColumnName,
    String trainManifest,
    String evalManifest,
    String testManifest,
    double maxDurationSeconds,
    double minDurationSeconds,
    Double maxEvalDurationSeconds,
    Long maxTrainSamples,
    Long maxEvalSamples,
    Long maxPredictSamples,
    boolean doLowerCase,
    int preprocessingNumWorkers,
    boolean failOnBadSamples,
    String transcriptNormalization,
    boolean download) {

  public DataArguments {
    Checks.argument(
        datasetName != null || trainManifest != null || evalManifest != null || testManifest != null,
        "no data: give --dataset_name DIR or --train_manifest/--eval_manifest/--test_manifest");
    Checks.argument(maxDurationSeconds > minDurationSeconds, "max_duration_in_seconds %s must exceed min_duration_in_seconds %s", maxDurationSeconds, minDurationSeconds);
    Checks.argument(preprocessingNumWorkers >= 1, "preprocessing_num_workers must be >= 1, got %s", preprocessingNumWorkers);
    transcriptNormalization = transcriptNormalization == null ? "auto" : transcriptNormalization;
  }

  /** The arguments before transcript rules and downloads existed: automatic rules, no download. */
  public DataArguments(
      String datasetName, String datasetConfigName, String trainSplitName, String evalSplitName, String testSplitName,
      String textColumnName, String audioColumnName, String trainManifest, String evalManifest, String testManifest,
      double maxDurationSeconds, double minDurationSeconds, Double maxEvalDurationSeconds, Long maxTrainSamples,
      Long maxEvalSamples, Long maxPredictSamples, boolean doLowerCase, int preprocessingNumWorkers, boolean failOnBadSamples) {
    this(datasetName, datasetConfigName, trainSplitName, evalSplitName, testSplitName, textColumnName, audioColumnName,
        trainManifest, evalManifest, testManifest, maxDurationSeconds, minDurationSeconds, maxEvalDurationSeconds,
        maxTrainSamples, maxEvalSamples, maxPredictSamples, doLowerCase, preprocessingNumWorkers, failOnBadSamples, "auto", false);
  }

  public Optional<Double> maxEvalDuration() {
    return Optional.ofNullable(maxEvalDurationSeconds);
  }
}

package org.rnnt4j.data.pipeline;

import org.rnnt4j.data.text.TranscriptNormalization;
import org.rnnt4j.util.Checks;

/**
 * Which dataset the splits come from and how every example is read and cleaned, with the Python
 * recipe's flag names: the part of the data flags that {@code train} and {@code evaluate} share.
 *
 * @param datasetName a local Hugging Face dataset folder, a save_to_disk folder, or a Hub id found in the
 *     Hugging Face cache (or null when manifests are used)
 * @param datasetConfigName the dataset config (README front matter {@code config_name}), or null
 * @param textColumnName the transcript column
 * @param audioColumnName the audio column
 * @param transcriptNormalization the recipe's per-dataset transcript rules that apply
 * @param download fetch a Hub dataset that is not in the Hugging Face cache (never done otherwise)
 * @param doLowerCase lower-case transcripts
 * @param preprocessingNumWorkers threads decoding audio during preparation
 * @param failOnBadSamples fail instead of skipping corrupt/empty samples and untokenizable transcripts
 * @param cacheDir the Hugging Face Hub cache holding Hub datasets ({@code --dataset_cache_dir}), or null
 *     for the environment's ({@code HF_HUB_CACHE}, else {@code HF_HOME/hub})
 */
public record DatasetSelection(
    String datasetName,
    String datasetConfigName,
    String textColumnName,
    String audioColumnName,
    TranscriptNormalization transcriptNormalization,
    boolean download,
    boolean doLowerCase,
    int preprocessingNumWorkers,
    boolean failOnBadSamples,
    java.nio.file.Path cacheDir) {

  public DatasetSelection {
    Checks.notNull(textColumnName, "text_column_name");
    Checks.notNull(audioColumnName, "audio_column_name");
    Checks.notNull(transcriptNormalization, "transcript_normalization");
    Checks.argument(preprocessingNumWorkers >= 1, "preprocessing_num_workers must be >= 1, got %s", preprocessingNumWorkers);
  }

  /** The recipe's defaults: no dataset (manifests), columns text and audio, automatic rules, lower-cased. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this selection's values. */
  public Builder toBuilder() {
    return new Builder()
        .datasetName(datasetName)
        .datasetConfigName(datasetConfigName)
        .textColumnName(textColumnName)
        .audioColumnName(audioColumnName)
        .transcriptNormalization(transcriptNormalization)
        .download(download)
        .doLowerCase(doLowerCase)
        .preprocessingNumWorkers(preprocessingNumWorkers)
        .failOnBadSamples(failOnBadSamples)
        .cacheDir(cacheDir);
  }

  /** Builds a {@link DatasetSelection}; every setter is named after its flag, every default is the recipe's. */
  public static final class Builder {
    private String datasetName;
    private String datasetConfigName;
    private String textColumnName = "text";
    private String audioColumnName = "audio";
    private TranscriptNormalization transcriptNormalization = TranscriptNormalization.AUTO;
    private boolean download;
    private boolean doLowerCase = true;
    private int preprocessingNumWorkers = 2;
    private boolean failOnBadSamples;
    private java.nio.file.Path cacheDir;

    private Builder() {}

    public Builder datasetName(String value) {
      datasetName = value;
      return this;
    }

    public Builder datasetConfigName(String value) {
      datasetConfigName = value;
      return this;
    }

    public Builder textColumnName(String value) {
      textColumnName = value;
      return this;
    }

    public Builder audioColumnName(String value) {
      audioColumnName = value;
      return this;
    }

    public Builder transcriptNormalization(TranscriptNormalization value) {
      transcriptNormalization = value;
      return this;
    }

    public Builder download(boolean value) {
      download = value;
      return this;
    }

    public Builder doLowerCase(boolean value) {
      doLowerCase = value;
      return this;
    }

    public Builder preprocessingNumWorkers(int value) {
      preprocessingNumWorkers = value;
      return this;
    }

    public Builder failOnBadSamples(boolean value) {
      failOnBadSamples = value;
      return this;
    }

    /** Null for the environment's Hugging Face cache. */
    public Builder cacheDir(java.nio.file.Path value) {
      cacheDir = value;
      return this;
    }

    public DatasetSelection build() {
      return new DatasetSelection(
          datasetName, datasetConfigName, textColumnName, audioColumnName, transcriptNormalization, download,
          doLowerCase, preprocessingNumWorkers, failOnBadSamples, cacheDir);
    }
  }
}

package org.rnnt4j.cli;

import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.data.text.TranscriptNormalization;
import picocli.CommandLine.Option;

/**
 * The dataset flags that {@code train} and {@code evaluate} share: which dataset and how its examples
 * are read and cleaned (the Python recipe's names, plus rnnt4j's {@code --download} and {@code
 * --transcript_normalization}). Converted once into a {@link DatasetSelection}.
 */
final class DatasetOptions {
  private static final String BOOL = "0..1";

  @Option(names = "--dataset_name", description = "A local Hugging Face dataset folder (Parquet shards), a datasets.save_to_disk folder, or a Hub id (ORG/NAME) already in the Hugging Face cache (HF_HUB_CACHE / HF_HOME).")
  String datasetName;

  @Option(names = "--dataset_config_name", description = "The dataset config (README front matter config_name).")
  String datasetConfigName;

  @Option(names = {"--text_column_name", "--text_column"}, defaultValue = "text", description = "Transcript column; --text_column is the recipe's other name for it (default: ${DEFAULT-VALUE}).")
  String textColumnName;

  @Option(names = "--audio_column_name", defaultValue = "audio", description = "Audio column (default: ${DEFAULT-VALUE}).")
  String audioColumnName;

  @Option(names = "--dataset_cache_dir", description = "The Hugging Face Hub cache for datasets (default: HF_HUB_CACHE, else HF_HOME/hub).")
  java.nio.file.Path datasetCacheDir;

  @Option(names = "--download", arity = BOOL, fallbackValue = "true", description = "Download --dataset_name (and train's --model_name_or_path) from the Hub (HF_ENDPOINT, HF_TOKEN) into the Hugging Face cache if not there; never done without this flag.")
  boolean download;

  @Option(names = "--transcript_normalization", defaultValue = "auto", converter = Converters.Transcripts.class, description = "The recipe's per-dataset transcript rules: auto (by --dataset_name), none, or one of common_voice, tedlium, gigaspeech, switchboard, earnings22, librispeech_asr, voxpopuli, ami, spgispeech (default: ${DEFAULT-VALUE}).")
  TranscriptNormalization transcriptNormalization;

  @Option(names = "--do_lower_case", arity = BOOL, fallbackValue = "true", defaultValue = "true", description = "Lower-case transcripts (default: ${DEFAULT-VALUE}).")
  boolean doLowerCase;

  @Option(names = "--preprocessing_num_workers", defaultValue = "2", description = "Threads decoding audio during preparation (default: ${DEFAULT-VALUE}).")
  int preprocessingNumWorkers;

  @Option(names = "--fail_on_bad_samples", arity = BOOL, fallbackValue = "true", description = "Fail on corrupt/empty audio or transcripts the tokenizer cannot encode, instead of skipping and counting them.")
  boolean failOnBadSamples;

  DatasetSelection selection() {
    return DatasetSelection.builder()
        .datasetName(datasetName)
        .datasetConfigName(datasetConfigName)
        .textColumnName(textColumnName)
        .audioColumnName(audioColumnName)
        .download(download)
        .transcriptNormalization(transcriptNormalization)
        .doLowerCase(doLowerCase)
        .preprocessingNumWorkers(preprocessingNumWorkers)
        .failOnBadSamples(failOnBadSamples)
        .cacheDir(datasetCacheDir)
        .build();
  }
}

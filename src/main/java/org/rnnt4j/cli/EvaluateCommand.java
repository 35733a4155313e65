package org.rnnt4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.evaluation.EvaluationArguments;
import org.rnnt4j.evaluation.EvaluationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnnt4j evaluate}: scores a saved model on a NeMo manifest or a dataset split and writes {@code
 * predictions.jsonl} and {@code metrics.json} into {@code --output_dir} (see {@link EvaluationRun}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Transcribe a manifest or dataset split with a saved model and score it (WER, CER).")
public final class EvaluateCommand implements Callable<Integer> {
  private static final String BOOL = "0..1";

  @Option(names = "--model", required = true, description = "A .nemo, an rnnt4j model directory (output_dir or checkpoint-N) or a Hub id in the local Hugging Face cache.")
  String model;

  @Option(names = "--manifest", description = "NeMo JSONL manifests, comma-separated (instead of --dataset_name).")
  String manifest;

  @Option(names = "--dataset_name", description = "A Hugging Face dataset repository on disk.")
  String datasetName;

  @Option(names = "--dataset_config_name", description = "The dataset config.")
  String datasetConfigName;

  @Option(names = "--eval_split_name", defaultValue = "validation", description = "The split to score; a+b concatenates, slices as HF (default: ${DEFAULT-VALUE}).")
  String evalSplitName;

  @Option(names = "--text_column_name", defaultValue = "text", description = "Transcript column (default: ${DEFAULT-VALUE}).")
  String textColumnName;

  @Option(names = "--audio_column_name", defaultValue = "audio", description = "Audio column (default: ${DEFAULT-VALUE}).")
  String audioColumnName;

  @Option(names = "--output_dir", required = true, description = "Receives predictions.jsonl and metrics.json.")
  Path outputDir;

  @Option(names = "--decoding_strategy", defaultValue = "greedy_batch", description = "greedy_batch or greedy (identical results) (default: ${DEFAULT-VALUE}).")
  String decodingStrategy;

  @Option(names = "--compute_loss", arity = BOOL, fallbackValue = "true", description = "Also compute each utterance's transducer loss.")
  boolean computeLoss;

  @Option(names = "--per_device_eval_batch_size", defaultValue = "8", description = "Utterances per batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--do_lower_case", arity = BOOL, fallbackValue = "true", defaultValue = "true", description = "Lower-case the reference transcripts (default: ${DEFAULT-VALUE}).")
  boolean doLowerCase;

  @Option(names = "--max_eval_samples", description = "Score only the first N utterances.")
  Long maxEvalSamples;

  @Option(names = "--max_eval_duration_in_seconds", description = "Drop longer utterances (off by default).")
  Double maxEvalDurationInSeconds;

  @Option(names = "--preprocessing_num_workers", defaultValue = "2", description = "Threads decoding audio (default: ${DEFAULT-VALUE}).")
  int preprocessingNumWorkers;

  @Option(names = "--fail_on_bad_samples", arity = BOOL, fallbackValue = "true", description = "Fail on corrupt/empty audio instead of skipping and counting it.")
  boolean failOnBadSamples;

  @Override
  public Integer call() {
    if ((manifest == null) == (datasetName == null)) {
      throw new IllegalArgumentException("give exactly one of --manifest FILE and --dataset_name DIR");
    }
    DataArguments data =
        new DataArguments(
            datasetName, datasetConfigName, "train", evalSplitName, "test", textColumnName, audioColumnName, null,
            manifest, null, 20.0, 0.0, maxEvalDurationInSeconds, null, maxEvalSamples, null, doLowerCase,
            preprocessingNumWorkers, failOnBadSamples);
    new EvaluationRun(
            new EvaluationArguments(
                model, data, outputDir, DecodingStrategy.parse(decodingStrategy), computeLoss, batchSize, device))
        .run();
    return 0;
  }
}

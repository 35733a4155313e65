package org.rnnt4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.evaluation.EvaluationArguments;
import org.rnnt4j.evaluation.EvaluationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnnt4j evaluate}: scores a saved model on a NeMo manifest or a dataset split and writes {@code
 * predictions.jsonl} and {@code metrics.json} into {@code --output_dir} (see {@link EvaluationRun}). Its
 * dataset, evaluation and device flags are {@code train}'s, declared once in the shared mixins.
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

  @Option(names = "--output_dir", required = true, description = "Receives predictions.jsonl and metrics.json.")
  Path outputDir;

  @Option(names = "--manifest", description = "NeMo JSONL manifests, comma-separated (instead of --dataset_name).")
  String manifest;

  @Mixin DatasetOptions dataset;

  @Mixin EvaluationOptions evaluation;

  @Mixin DecodingFlags decoding;

  @Option(names = "--write_alignments", arity = BOOL, fallbackValue = "true", description = "Add each prediction's word alignment (jiwer's chunks) and the most frequent substitutions, deletions and insertions to metrics.json.")
  boolean writeAlignments;

  @Option(names = "--compute_loss", arity = BOOL, fallbackValue = "true", description = "Also compute each utterance's transducer loss.")
  boolean computeLoss;

  @Mixin DeviceOption deviceOption;

  @Override
  public Integer call() {
    new EvaluationRun(evaluationArguments()).run();
    return 0;
  }

  EvaluationArguments evaluationArguments() {
    if ((manifest == null) == (dataset.datasetName == null)) {
      throw new IllegalArgumentException("give exactly one of --manifest FILE and --dataset_name DIR");
    }
    DataArguments data = DataArguments.forEvaluation(dataset.selection(), evaluation.split(manifest));
    return new EvaluationArguments(
        model, data, outputDir, decoding.parameters(), decoding.nbest, writeAlignments, computeLoss,
        evaluation.perDeviceEvalBatchSize, deviceOption.device);
  }
}

package org.rnnt4j.cli;

import org.rnnt4j.data.pipeline.SplitSelection;
import picocli.CommandLine.Option;

/** The evaluation flags that {@code train} and {@code evaluate} share: the split, its filters, its batches. */
final class EvaluationOptions {
  @Option(names = "--eval_split_name", defaultValue = "validation", description = "Evaluation split; a+b concatenates splits, slices as HF (validation[:50%%]) (default: ${DEFAULT-VALUE}).")
  String evalSplitName;

  @Option(names = "--max_eval_samples", description = "Use only the first N evaluation utterances.")
  Long maxEvalSamples;

  @Option(names = "--max_eval_duration_in_seconds", description = "Drop longer evaluation and test utterances (off by default, unlike the recipe).")
  Double maxEvalDurationInSeconds;

  @Option(names = "--per_device_eval_batch_size", defaultValue = "8", description = "Utterances per evaluation batch (default: ${DEFAULT-VALUE}).")
  int perDeviceEvalBatchSize;

  /** @param manifest NeMo manifests used instead of the split, or null */
  SplitSelection split(String manifest) {
    return new SplitSelection(evalSplitName, manifest, maxEvalSamples, 0.0, maxEvalDurationInSeconds);
  }
}

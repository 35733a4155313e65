package org.rnnt4j.evaluation;

import org.rnnt4j.data.pipeline.DataArguments;
import java.nio.file.Path;
import org.rnnt4j.decoding.DecodingParameters;
import org.rnnt4j.engine.DeviceSpec;
import org.rnnt4j.util.Checks;

/**
 * What {@code rnnt4j evaluate} scores and where it writes.
 *
 * @param model a {@code .nemo}, an rnnt4j model directory or a cached Hub id
 * @param data the data to score: its evaluation selection ({@link DataArguments#forEvaluation})
 * @param outputDir receives {@code predictions.jsonl} and {@code metrics.json}
 * @param decoding the strategy and its parameters
 * @param nbest write each prediction's n-best list (always written for the beam searches)
 * @param writeAlignments write each prediction's word alignment and the most frequent errors
 * @param computeLoss also compute each utterance's transducer loss
 * @param batchSize utterances per decoding batch
 * @param device where the model runs
 */
public record EvaluationArguments(
    String model,
    DataArguments data,
    Path outputDir,
    DecodingParameters decoding,
    boolean nbest,
    boolean writeAlignments,
    boolean computeLoss,
    int batchSize,
    DeviceSpec device) {
  public EvaluationArguments {
    Checks.notNull(model, "model");
    Checks.notNull(data, "data");
    Checks.notNull(outputDir, "output_dir");
    Checks.notNull(decoding, "decoding");
    Checks.argument(data.eval() != null, "no evaluation data selected");
    Checks.notNull(device, "device");
    Checks.argument(batchSize > 0, "per_device_eval_batch_size must be > 0, got %s", batchSize);
  }
}

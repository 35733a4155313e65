package org.rnnt4j.evaluation;

import org.rnnt4j.data.pipeline.BatchLoader;
import org.rnnt4j.data.pipeline.DatasetPreparation;
import org.rnnt4j.data.pipeline.PreparedSplit;
import org.rnnt4j.loading.LoadedModel;
import org.rnnt4j.loading.ModelLoading;
import org.rnnt4j.data.pipeline.Tokenization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.metrics.ErrorTally;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.metrics.ErrorCounts;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.util.Json;

/**
 * {@code rnnt4j evaluate}: decodes a manifest or a dataset split with a saved model and scores it as
 * the training run's evaluation does (the same data preparation and jiwer-style corpus counts), with the
 * chosen decoding strategy. Writes {@code predictions.jsonl} (per utterance, in input order: {@code
 * audio_filepath} as the manifest gives it, or {@code id}; {@code text}, {@code pred_text}, {@code
 * pred_token_ids} of the best hypothesis and its {@code score}; {@code nbest} with {@code --nbest} or a
 * beam search; {@code loss} with {@code --compute_loss}; {@code alignment} with {@code
 * --write_alignments}) and {@code metrics.json} (the decoding strategy and beam size, {@code wer} and
 * {@code cer} as fractions with their bootstrap 95% intervals {@code wer_ci95} / {@code cer_ci95},
 * word-level {@code substitutions}, {@code deletions}, {@code insertions}, {@code reference_words}, the
 * same counts for characters, the sample count, with {@code --compute_loss} the mean per-utterance
 * {@code loss}, and with {@code --write_alignments} the most frequent errors, {@code top_errors}).
 */
public final class EvaluationRun {
  private static final Logger LOG = Logger.getLogger(EvaluationRun.class.getName());
  public static final String PREDICTIONS = "predictions.jsonl";
  public static final String METRICS = "metrics.json";
  /** How many of the most frequent substitutions, deletions and insertions {@code --write_alignments} lists. */
  static final int TOP_ERRORS = 20;

  private final EvaluationArguments args;

  public EvaluationRun(EvaluationArguments args) {
    this.args = args;
  }

  /** @return the metrics written to {@code metrics.json} */
  public Map<String, Object> run() {
    Device device = Engine.resolve(args.device());
    LoadedModel loaded = ModelLoading.open(args.model(), 0);
    PreparedSplit split = new DatasetPreparation(args.data(), loaded.model().sampleRate()).eval();
    split = Tokenization.apply(split, loaded.tokenizer(), args.data().failOnBadSamples(), false);
    loaded.model().to(device);
    TransducerConfig.LossConfig lc = loaded.config().loss();
    long start = System.nanoTime();
    EvaluationResult result;
    try (TransducerLoss loss =
            args.computeLoss() ? new TransducerLoss(lc.reduction(), lc.fastemitLambda(), lc.clamp()) : null;
        BatchLoader loader = new BatchLoader(1, loaded.model().sampleRate())) {
      DecodingOptions decoding = args.decoding().toOptions(loaded.config().maxSymbols());
      boolean nbest = args.nbest() || decoding.strategy().isBeamSearch();
      Evaluator evaluator = new Evaluator(loaded.model(), loaded.tokenizer(), decoding, nbest, device, loss);
      result = evaluator.evaluate(split, args.batchSize(), loader);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Prediction> predictions = result.predictions();
    ErrorTally errors = null;
    if (args.writeAlignments()) {
      errors = new ErrorTally();
      List<Prediction> aligned = new ArrayList<>(predictions.size());
      for (Prediction p : predictions) {
        Prediction a = p.withAlignment();
        errors.add(a.alignment());
        aligned.add(a);
      }
      predictions = aligned;
    }
    Map<String, Object> metrics = metrics(result, split.badSamples(), seconds);
    if (errors != null) {
      metrics.put("top_errors", errors.top(TOP_ERRORS));
    }
    try {
      Files.createDirectories(args.outputDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + args.outputDir() + ": " + e.getMessage(), e);
    }
    OutputFiles.writePredictions(args.outputDir().resolve(PREDICTIONS), predictions);
    Json.write(args.outputDir().resolve(METRICS), metrics);
    LOG.info("evaluate: " + Json.compact(metrics));
    return metrics;
  }

  private Map<String, Object> metrics(EvaluationResult r, long badSamples, double seconds) {
    ErrorCounts w = r.words();
    ErrorCounts c = r.characters();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", args.model());
    m.putAll(args.decoding().describe());
    m.put("samples", r.predictions().size());
    m.put("bad_samples", badSamples);
    m.put("wer", r.wer());
    m.put("wer_ci95", r.werInterval().toList());
    m.put("cer", r.cer());
    m.put("cer_ci95", r.cerInterval().toList());
    m.put("substitutions", w.substitutions());
    m.put("deletions", w.deletions());
    m.put("insertions", w.insertions());
    m.put("reference_words", w.referenceLength());
    m.put("character_substitutions", c.substitutions());
    m.put("character_deletions", c.deletions());
    m.put("character_insertions", c.insertions());
    m.put("reference_characters", c.referenceLength());
    if (!Double.isNaN(r.loss())) {
      m.put("loss", r.loss());
    }
    m.put("runtime_seconds", Math.round(seconds * 1000) / 1000.0);
    return m;
  }
}

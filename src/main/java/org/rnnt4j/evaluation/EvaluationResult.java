package org.rnnt4j.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.decoding.Decoders;
import org.rnnt4j.decoding.DecodingOptions;
import org.rnnt4j.metrics.BootstrapInterval;
import org.rnnt4j.metrics.ErrorCounts;

/**
 * Corpus-level word and character error counts of a split, their bootstrap 95% intervals over utterances
 * ({@link BootstrapInterval#of95}), the decoding that produced them, and the predictions in input order.
 */
public record EvaluationResult(
    String split,
    DecodingOptions decoding,
    ErrorCounts words,
    ErrorCounts characters,
    BootstrapInterval werInterval,
    BootstrapInterval cerInterval,
    double loss,
    List<Prediction> predictions) {
  public double wer() {
    return words.errorRate();
  }

  public double cer() {
    return characters.errorRate();
  }

  /** HF-style metrics: {@code {prefix}_wer}, {@code {prefix}_cer} (fractions), sample count, loss if computed. */
  public Map<String, Object> metrics(String prefix) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!Double.isNaN(loss)) {
      m.put(prefix + "_loss", loss);
    }
    m.put(prefix + "_wer", wer());
    m.put(prefix + "_cer", cer());
    m.put(prefix + "_samples", predictions.size());
    return m;
  }

  /**
   * What a results file adds next to {@link #metrics}: {@code {prefix}_wer_ci95} and {@code
   * {prefix}_cer_ci95} ({@code [low, high]}), {@code {prefix}_decoding_strategy} and {@code
   * {prefix}_beam_size} (1 for greedy decoding).
   */
  public Map<String, Object> provenance(String prefix) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(prefix + "_wer_ci95", werInterval.toList());
    m.put(prefix + "_cer_ci95", cerInterval.toList());
    m.put(prefix + "_decoding_strategy", decoding.strategy().nemoName());
    m.put(prefix + "_beam_size", Decoders.beamSize(decoding));
    return m;
  }
}

package org.rnnt4j.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.metrics.ErrorCounts;

/** Corpus-level word and character error counts of a split, with its predictions in input order. */
public record EvaluationResult(String split, ErrorCounts words, ErrorCounts characters, double loss, List<Prediction> predictions) {
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
}

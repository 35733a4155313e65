package org.rnnt4j.data.pipeline;

import java.util.List;
import org.rnnt4j.data.FilterReport;

/**
 * A split after loading, normalisation, decoding and filtering.
 *
 * @param name how outputs name it: {@code train}, {@code eval}, or a test split's own name
 * @param badSamples samples skipped because their audio or transcript could not be used
 */
public record PreparedSplit(String name, List<Example> examples, List<FilterReport> reports, long badSamples) {
  public PreparedSplit {
    examples = List.copyOf(examples);
    reports = List.copyOf(reports);
  }

  public PreparedSplit withExamples(List<Example> replaced) {
    return new PreparedSplit(name, replaced, reports, badSamples);
  }
}

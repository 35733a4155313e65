package org.rnnt4j.data;

import java.util.List;
import org.rnnt4j.util.Checks;

/**
 * Keeps the first {@code n} utterances: {@code --max_train_samples} / {@code --max_eval_samples}, which the
 * recipe applies first with {@code dataset.select(range(n))}. A larger {@code n} than the dataset keeps
 * everything (HF's {@code select} would raise an IndexError).
 */
public final class MaxSamples implements UtteranceFilter {
  private final long limit;

  public MaxSamples(long limit) {
    Checks.argument(limit >= 0, "max samples must be >= 0, got %s", limit);
    this.limit = limit;
  }

  @Override
  public Filtered apply(List<Utterance> utterances) {
    FilterReport.Counter counter = new FilterReport.Counter("max samples");
    for (int i = 0; i < utterances.size(); i++) {
      counter.examined();
      if (i >= limit) {
        counter.dropped("beyond the first " + limit);
      }
    }
    return new Filtered(utterances.subList(0, (int) Math.min(limit, utterances.size())), counter.report());
  }
}

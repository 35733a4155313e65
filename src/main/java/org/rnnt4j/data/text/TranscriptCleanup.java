package org.rnnt4j.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.data.Filtered;
import org.rnnt4j.data.TranscriptNormalizer;
import org.rnnt4j.data.Utterance;

/**
 * The recipe's whole transcript clean-up, in its order: lower-case ({@code --do_lower_case}), the
 * dataset's rules ({@link RecipeDataset}, chosen by {@code --dataset_name} or named with {@code
 * --transcript_normalization}), then runs of whitespace collapsed and the ends stripped. Nothing is
 * dropped here; the report notes how many transcripts the dataset rules changed.
 */
public final class TranscriptCleanup {
  private final TranscriptNormalizer whitespace;
  private final Optional<RecipeDataset> dataset;

  public TranscriptCleanup(boolean lowerCase, Optional<RecipeDataset> dataset) {
    this.whitespace = new TranscriptNormalizer(lowerCase);
    this.dataset = dataset;
  }

  public Optional<RecipeDataset> dataset() {
    return dataset;
  }

  public String clean(String text) {
    // lower-case first, as the recipe does: its rules are written for lower-case text
    String out = whitespace.lowerCase() ? text.toLowerCase(java.util.Locale.ROOT) : text;
    if (dataset.isPresent()) {
      for (TextRule rule : dataset.get().rules()) {
        out = rule.apply(out);
      }
    }
    return org.rnnt4j.util.PythonWhitespace.strip(org.rnnt4j.util.PythonWhitespace.collapseWhitespaceRuns(out));
  }

  /** Cleaned utterances in the same order, with a report of how many the dataset rules changed. */
  public Filtered apply(List<Utterance> utterances) {
    FilterReport.Counter counter = new FilterReport.Counter("transcript rules " + dataset.map(RecipeDataset::key).orElse("(none)"));
    List<Utterance> out = new ArrayList<>(utterances.size());
    for (Utterance u : utterances) {
      counter.examined();
      String cleaned = clean(u.text());
      if (dataset.isPresent() && !cleaned.equals(whitespace.normalize(u.text()))) {
        counter.note("changed by the " + dataset.get().key() + " rules");
      }
      out.add(u.withText(cleaned));
    }
    return new Filtered(out, counter.report());
  }
}

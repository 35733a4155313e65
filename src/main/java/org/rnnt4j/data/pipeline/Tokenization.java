package org.rnnt4j.data.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.DataException;

/**
 * Tokenizes a prepared split and deals with transcripts the tokenizer cannot encode (characters it has no
 * piece for become {@code <unk>}): each is reported with its file and row and the characters at fault.
 * Training examples are then skipped and counted as bad samples (the model would learn to emit {@code
 * <unk>}); evaluation and test examples are kept and counted, since WER is scored on the text and must
 * cover the whole test set (the model simply cannot produce those characters). With {@code
 * --fail_on_bad_samples}, all of them are reported in one error instead.
 */
public final class Tokenization {
  private static final Logger LOG = Logger.getLogger(Tokenization.class.getName());
  private static final int MAX_LISTED = 50;

  private Tokenization() {}

  /** @param training skip untokenizable examples (else keep them, counted) */
  public static PreparedSplit apply(PreparedSplit split, Tokenizer tokenizer, boolean failOnBadSamples, boolean training) {
    if (split == null) {
      return null;
    }
    int unk = tokenizer.model().unkId();
    FilterReport.Counter counter = new FilterReport.Counter("tokenizer coverage");
    List<Example> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Example e : split.examples()) {
      counter.examined();
      int[] ids = tokenizer.encode(e.text());
      if (contains(ids, unk)) {
        String problem = e.utterance().source() + " (" + e.id() + "): transcript has characters the tokenizer cannot encode "
            + unknownCharacters(e.text(), tokenizer, unk) + ": \"" + e.text() + "\"";
        problems.add(problem);
        if (!failOnBadSamples) {
          LOG.warning((training ? "skipping in " : "keeping (scored on text) in ") + split.name() + ": " + problem);
        }
        if (training) {
          counter.dropped("characters the tokenizer cannot encode");
          continue;
        }
        counter.note("kept with <unk> tokens");
      }
      out.add(e.withTokens(ids));
    }
    if (failOnBadSamples && !problems.isEmpty()) {
      StringBuilder message = new StringBuilder(problems.size() + " transcript(s) in " + split.name() + " the tokenizer cannot encode:");
      problems.stream().limit(MAX_LISTED).forEach(p -> message.append("\n  ").append(p));
      if (problems.size() > MAX_LISTED) {
        message.append("\n  ... and ").append(problems.size() - MAX_LISTED).append(" more");
      }
      throw new DataException(split.name(), -1, message.toString());
    }
    List<FilterReport> reports = new ArrayList<>(split.reports());
    reports.add(counter.report());
    return new PreparedSplit(split.name(), out, reports, split.badSamples() + (training ? problems.size() : 0));
  }

  private static boolean contains(int[] ids, int id) {
    for (int i : ids) {
      if (i == id) {
        return true;
      }
    }
    return false;
  }

  /** The distinct characters that alone encode to {@code <unk>}, e.g. {@code ['é' U+00E9]}. */
  private static String unknownCharacters(String text, Tokenizer tokenizer, int unk) {
    Set<String> chars = new LinkedHashSet<>();
    text.codePoints().filter(c -> !Character.isWhitespace(c)).distinct().forEach(c -> {
      String s = new String(Character.toChars(c));
      if (contains(tokenizer.encode(s), unk)) {
        chars.add("'" + s + "' U+" + String.format("%04X", c));
      }
    });
    return chars.toString();
  }
}

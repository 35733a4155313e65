package org.rnnt4j.data.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token lists of the Python recipe's transcript clean-up, verbatim and in its order (order matters:
 * {@code "[laughter-"} must go after {@code "[laughter]"}, {@code "]-"} before {@code "]"}).
 */
final class TranscriptTokens {
  private TranscriptTokens() {}

  static final List<String> TEDLIUM_CONTRACTIONS = List.of(" 's", " 't", " 're", " 've", " 'm", " 'll", " 'd", " 'clock", " 'all");

  static final Map<String, String> GIGASPEECH_PUNCTUATION = punctuation();

  static final List<String> GIGASPEECH_DISFLUENCIES = List.of("<other>", "<sil>");

  static final List<String> SWITCHBOARD_DISFLUENCIES = List.of(
      "[noise]", "[laughter]", "[silence]", "[vocalized-noise]", "<a_aside>", "<b_aside>", "<e_aside>",
      "[laughter-", "_1", "[laugh]", "[sigh]", "[cough]", "[mn]", "[breath]", "[lipsmack]",
      "[sneeze]", "[skip]", "[pause]", "(%hesitation)", "(%HESITATION)");

  static final List<String> SWITCHBOARD_PUNCTUATION = List.of("{", "}", "[", "]-", "]", "((", "))", "(", ")");

  static final String SWITCHBOARD_FILLERS = "\\b(uh|uhm|um|hmm|mm|mhm|mmm)\\b";

  static final List<String> EARNINGS_DISFLUENCIES = List.of(
      "<noise>", "<crosstalk>", "<affirmative>", "<inaudible>", "inaudible", "<laugh>", "<silence>");

  /** Whole transcripts the recipe drops before anything else ({@code is_target_labels}), compared lower-cased. */
  static final List<String> IGNORED_SEGMENTS = ignoredSegments();

  private static Map<String, String> punctuation() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(" <comma>", ",");
    m.put(" <period>", ".");
    m.put(" <questionmark>", "?");
    m.put(" <exclamationpoint>", "!");
    return m;
  }

  private static List<String> ignoredSegments() {
    List<String> all = new java.util.ArrayList<>(List.of(
        "ignore_time_segment_in_scoring", "<noise>", "<music>", "[noise]", "[laughter]", "[silence]",
        "[vocalized-noise]", "<crosstalk>", "<affirmative>", "<inaudible>", "<laugh>", ""));
    all.addAll(GIGASPEECH_DISFLUENCIES);
    all.addAll(SWITCHBOARD_DISFLUENCIES);
    all.addAll(EARNINGS_DISFLUENCIES);
    return List.copyOf(all);
  }
}

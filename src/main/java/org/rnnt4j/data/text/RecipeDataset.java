package org.rnnt4j.data.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The datasets the Python recipe ({@code run_speech_recognition_rnnt.py}) cleans transcripts for, each
 * with its rules as data, in the recipe's order, and how the recipe recognises it by {@code
 * --dataset_name}. All rules run after lower-casing ({@code --do_lower_case}) and before whitespace is
 * collapsed and stripped. LibriSpeech, VoxPopuli ({@code google/xtreme_s}), AMI and SPGISpeech need no
 * correction in the recipe; Earnings-22 also loses the last 100 ms of audio.
 */
public enum RecipeDataset {
  LIBRISPEECH("librispeech_asr", exact("librispeech_asr").or(exact("openslr/librispeech_asr")), List.of(), 0.0),
  VOXPOPULI("voxpopuli", exact("google/xtreme_s").or(exact("facebook/voxpopuli")), List.of(), 0.0),
  /** The recipe names Common Voice 9 only; other releases share its transcript conventions. */
  COMMON_VOICE("common_voice", name -> name.startsWith("mozilla-foundation/common_voice_"), List.of(new StripEnclosingQuotes()), 0.0),
  TEDLIUM("tedlium", exact("LIUM/tedlium"), tedlium(), 0.0),
  GIGASPEECH("gigaspeech", exact("speechcolab/gigaspeech"), gigaspeech(), 0.0),
  /** The recipe matches any name containing "switchboard" (its private copy's path is hidden). */
  SWITCHBOARD("switchboard", name -> name.contains("switchboard"), switchboard(), 0.0),
  /** The recipe matches any name containing "earnings22"; its segments end 100 ms late. */
  EARNINGS22("earnings22", name -> name.contains("earnings22"), deleteAll(TranscriptTokens.EARNINGS_DISFLUENCIES), 0.1),
  AMI("ami", exact("edinburghcstr/ami"), List.of(), 0.0),
  SPGISPEECH("spgispeech", exact("kensho/spgispeech"), List.of(), 0.0);

  private final String key;
  private final Predicate<String> matches;
  private final List<TextRule> rules;
  private final double trimEndSeconds;

  RecipeDataset(String key, Predicate<String> matches, List<TextRule> rules, double trimEndSeconds) {
    this.key = key;
    this.matches = matches;
    this.rules = List.copyOf(rules);
    this.trimEndSeconds = trimEndSeconds;
  }

  /** The name {@code --transcript_normalization} accepts. */
  public String key() {
    return key;
  }

  public List<TextRule> rules() {
    return rules;
  }

  /** Seconds cut from the end of every clip (Earnings-22's 100 ms), as {@code array[:-int(0.1 * sr)]}. */
  public double trimEndSeconds() {
    return trimEndSeconds;
  }

  /**
   * The dataset a {@code --dataset_name} (or the repository id a cached dataset resolved to) denotes, by
   * the recipe's tests; a local folder matches when its path ends with the id ({@code /data/LIUM/tedlium}).
   */
  public static Optional<RecipeDataset> recognise(String datasetName) {
    if (datasetName == null) {
      return Optional.empty();
    }
    String name = datasetName.replace('\\', '/');
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    for (RecipeDataset d : values()) {
      if (d.matches.test(name)) {
        return Optional.of(d);
      }
      // a local copy: try every suffix of one or two path components
      int slash = name.lastIndexOf('/');
      int previous = slash > 0 ? name.lastIndexOf('/', slash - 1) : -1;
      if ((slash >= 0 && d.matches.test(name.substring(slash + 1))) || (previous >= 0 && d.matches.test(name.substring(previous + 1)))) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** By {@link #key()}, for {@code --transcript_normalization}. */
  public static RecipeDataset byKey(String key) {
    for (RecipeDataset d : values()) {
      if (d.key.equals(key.toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    List<String> keys = new ArrayList<>();
    for (RecipeDataset d : values()) {
      keys.add(d.key);
    }
    throw new IllegalArgumentException("unknown transcript normalization '" + key + "'; expected auto, none or one of " + keys);
  }

  private static Predicate<String> exact(String id) {
    return name -> name.equals(id);
  }

  private static List<TextRule> deleteAll(List<String> tokens) {
    return tokens.stream().<TextRule>map(Replace::delete).toList();
  }

  private static List<TextRule> tedlium() {
    List<TextRule> rules = new ArrayList<>();
    rules.add(Replace.delete("<unk>"));
    for (String contraction : TranscriptTokens.TEDLIUM_CONTRACTIONS) {
      rules.add(new Replace(contraction, contraction.substring(1))); // "it 's" -> "it's"
    }
    return rules;
  }

  private static List<TextRule> gigaspeech() {
    List<TextRule> rules = new ArrayList<>(deleteAll(TranscriptTokens.GIGASPEECH_DISFLUENCIES));
    TranscriptTokens.GIGASPEECH_PUNCTUATION.forEach((spelled, symbol) -> rules.add(new Replace(spelled, symbol)));
    return rules;
  }

  private static List<TextRule> switchboard() {
    List<TextRule> rules = new ArrayList<>();
    rules.add(RegexReplace.of("<[^>]*>", "")); // <german (( ja wohl )) >
    rules.addAll(deleteAll(TranscriptTokens.SWITCHBOARD_DISFLUENCIES));
    rules.add(new Replace("_.", " ")); // Fisher acronyms u_.c_.l_.a. -> u c l a
    rules.add(Replace.delete("."));
    rules.add(RegexReplace.of("\\-\\/.*?\\]", "-")); // [lem[guini]-/linguini] -> [lem[guini]-
    rules.add(SwitchboardWords.ANOMALOUS_WORDS);
    rules.add(SwitchboardWords.EDGE_BRACKETS);
    rules.add(RegexReplace.of("\\-\\[(.*?)\\]", "-")); // -[go]ing -> -ing
    rules.add(RegexReplace.of("\\[(.*?)\\]\\-", "-")); // westmin[ster]- -> westmin-
    rules.add(RegexReplace.of("\\[(.*?)\\]", "-")); // tech[n]ology -> tech-ology
    rules.addAll(deleteAll(TranscriptTokens.SWITCHBOARD_PUNCTUATION));
    rules.add(RegexReplace.of(TranscriptTokens.SWITCHBOARD_FILLERS, ""));
    return rules;
  }
}

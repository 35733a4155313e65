package org.rnnt4j.data.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.Filtered;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.util.Json;

/**
 * Per-dataset transcript clean-up against goldens made by running the Python recipe's own code
 * ({@code src/test/resources/data/recipe_transcripts/make_gold.py}): Common Voice quotes, TED-LIUM
 * {@code <unk>} and contractions, GigaSpeech disfluencies and spelled punctuation, Switchboard brackets,
 * partial and anomalous words and fillers, Earnings-22 junk tokens, and the ignored-segment filter.
 */
class RecipeTranscriptsTest {
  private static JsonNode gold() throws Exception {
    try (InputStream in = RecipeTranscriptsTest.class.getResourceAsStream("/data/recipe_transcripts/gold.json")) {
      return Json.mapper().readTree(in);
    }
  }

  @Test
  void everyDatasetCleansAsThePythonRecipe() throws Exception {
    int checked = 0;
    for (JsonNode row : gold()) {
      String dataset = row.get(0).asText();
      String raw = row.get(1).asText();
      if (dataset.equals("x")) {
        continue;
      }
      Optional<RecipeDataset> recognised = RecipeDataset.recognise(dataset);
      TranscriptCleanup cleanup = new TranscriptCleanup(true, recognised);
      assertEquals(row.get(2).asText(), cleanup.clean(raw), dataset + ": " + raw);
      checked++;
    }
    assertEquals(17, checked);
  }

  @Test
  void ignoredSegmentsAreDroppedAsThePythonRecipe() throws Exception {
    for (JsonNode row : gold()) {
      assertEquals(row.get(3).asBoolean(), !IgnoredSegmentFilter.isIgnored(row.get(1).asText()), row.get(1).asText());
    }
  }

  @Test
  void datasetsAreRecognisedByTheRecipesNameTests() {
    assertEquals(Optional.of(RecipeDataset.TEDLIUM), RecipeDataset.recognise("LIUM/tedlium"));
    assertEquals(Optional.of(RecipeDataset.TEDLIUM), RecipeDataset.recognise("/data/hf/LIUM/tedlium/"), "a local copy by its trailing id");
    assertEquals(Optional.of(RecipeDataset.SWITCHBOARD), RecipeDataset.recognise("/private/ldc_switchboard_hf"), "substring, as the recipe");
    assertEquals(Optional.of(RecipeDataset.EARNINGS22), RecipeDataset.recognise("esb/earnings22-segmented"));
    assertEquals(Optional.of(RecipeDataset.COMMON_VOICE), RecipeDataset.recognise("mozilla-foundation/common_voice_11_0"));
    assertEquals(Optional.empty(), RecipeDataset.recognise("my/own_corpus"));
    assertEquals(Optional.empty(), RecipeDataset.recognise(null));
    assertEquals(0.1, RecipeDataset.EARNINGS22.trimEndSeconds());
    assertEquals(0.0, RecipeDataset.TEDLIUM.trimEndSeconds());
  }

  @Test
  void theOptionOverridesRecognition() {
    assertEquals(Optional.of(RecipeDataset.GIGASPEECH), TranscriptNormalization.parse("gigaspeech").datasetFor("/data/local_copy"));
    assertEquals(Optional.empty(), TranscriptNormalization.parse("none").datasetFor("LIUM/tedlium"));
    assertEquals(Optional.of(RecipeDataset.TEDLIUM), TranscriptNormalization.parse("auto").datasetFor("LIUM/tedlium"));
    assertEquals(TranscriptNormalization.AUTO, TranscriptNormalization.parse("AUTO"));
    for (RecipeDataset d : RecipeDataset.values()) {
      assertEquals(d.key(), TranscriptNormalization.parse(d.key()).toString(), "every dataset key is a value");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TranscriptNormalization.parse("tedlium3"));
    assertTrue(e.getMessage().contains("tedlium") && e.getMessage().contains("auto, none"), e.getMessage());
  }

  @Test
  void withoutLowerCasingRulesStillApplyAndTheReportCountsChanges() {
    TranscriptCleanup keepCase = new TranscriptCleanup(false, Optional.of(RecipeDataset.TEDLIUM));
    assertEquals("It's <UNK>", keepCase.clean("It 's <UNK>"), "the recipe's rules are lower-case literals");
    TranscriptCleanup ted = new TranscriptCleanup(true, Optional.of(RecipeDataset.TEDLIUM));
    Filtered f = ted.apply(List.of(utterance("it 's fine"), utterance("plain  text"), utterance("<unk> word")));
    assertEquals(List.of("it's fine", "plain text", "word"), f.kept().stream().map(Utterance::text).toList());
    assertEquals(Map.of("changed by the tedlium rules", 2L), f.report().notes());
    assertEquals(0, f.report().droppedCount());
  }

  @Test
  void theIgnoredSegmentFilterReportsEachMarker() {
    Filtered f = new IgnoredSegmentFilter().apply(List.of(
        utterance("<NOISE>"), utterance("hello"), utterance(""), utterance("<noise>"), utterance("ignore_time_segment_in_scoring")));
    assertEquals(List.of("hello"), f.kept().stream().map(Utterance::text).toList());
    assertEquals(Map.of("<noise>", 2L, "empty transcript", 1L, "ignore_time_segment_in_scoring", 1L), f.report().dropped());
  }

  @Test
  void switchboardWordRulesKeepPythonSplitting() {
    assertEquals(List.of("a", "b"), SwitchboardWords.splitWhitespace("\u3000a\t\n b  "));
    assertEquals("a y] c", SwitchboardWords.ANOMALOUS_WORDS.apply("a [x/y] c"));
    assertEquals("a  y] c", SwitchboardWords.ANOMALOUS_WORDS.apply("a  [x/y] c"), "str.split(\" \") keeps empty tokens");
    assertEquals("x y", SwitchboardWords.EDGE_BRACKETS.apply("[x y]"));
  }

  private static Utterance utterance(String text) {
    return new Utterance("u", AudioRef.file(Path.of("a.wav")), text, 1.0, SourceLocation.line("m.json", 1));
  }
}

package org.rnnt4j.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.FilterReport;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.data.text.TranscriptNormalization;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.DataException;

/** Data sources, transcript rules, lazy decoding and tokenizer coverage as the training run sees them. */
class DatasetPreparationTest {
  private static final Path DATA = Path.of("src/test/resources/data");
  private static final Path MANIFEST = DATA.resolve("synth_en_manifest/validation/manifest.jsonl");

  private static DataArguments data(String dataset, String evalSplit, String evalManifest, String rules, boolean fail) {
    return DataArguments.builder()
        .dataset(
            DatasetSelection.builder()
                .datasetName(dataset)
                .failOnBadSamples(fail)
                .transcriptNormalization(TranscriptNormalization.parse(rules))
                .build())
        .evalSplitName(evalSplit)
        .evalManifest(evalManifest)
        .build();
  }

  private static DatasetPreparation prep(DataArguments args, Path home, long cacheBudget) {
    return new DatasetPreparation(args, 16000, HubEnvironment.from(Map.of("HF_HOME", home.toString()), home), cacheBudget);
  }

  @Test
  void aSaveToDiskFolderIsPreparedWithEveryStepReported(@TempDir Path home) {
    PreparedSplit eval = prep(data(DATA.resolve("synth_en_save_to_disk").toString(), "validation[:4]", null, "auto", false), home, 1L << 26).eval();
    assertEquals(4, eval.examples().size());
    assertEquals("let us sing together", eval.examples().get(0).text());
    assertEquals(List.of("ignored segment", "transcript rules (none)", "audio decoding", "empty transcript"),
        eval.reports().stream().map(FilterReport::filter).toList());
    assertTrue(eval.examples().stream().allMatch(e -> e.waveform() != null && e.waveform().length == e.samples()));
  }

  @Test
  void aHubIdIsReadFromTheCacheAndAnUncachedOneSaysHowToDownload(@TempDir Path home) throws Exception {
    Path snapshot = home.resolve("hub/datasets--synth--en/snapshots/" + "a".repeat(40));
    Files.createDirectories(snapshot.resolve("data"));
    Files.copy(DATA.resolve("synth_en_arrow_rs/README.md"), snapshot.resolve("README.md"));
    Files.copy(DATA.resolve("synth_en_arrow_rs/data/validation-00000-of-00001.parquet"), snapshot.resolve("data/validation-00000-of-00001.parquet"));
    Files.createDirectories(home.resolve("hub/datasets--synth--en/refs"));
    Files.writeString(home.resolve("hub/datasets--synth--en/refs/main"), "a".repeat(40));
    assertEquals(2, prep(data("synth/en", "validation[:2]", null, "auto", false), home, 1L << 26).eval().examples().size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> prep(data("synth/missing", "validation", null, "auto", false), home, 1L << 26).eval());
    assertTrue(e.getMessage().contains("rnnt4j download synth/missing"), e.getMessage());
  }

  @Test
  void downloadFetchesOnlyTheSplitsTheFlagsNameAndOnlyWhenAsked(@TempDir Path home) throws Exception {
    try (org.rnnt4j.data.hub.FakeHub hub = new org.rnnt4j.data.hub.FakeHub("synth/remote")) {
      hub.files.put("README.md", Files.readAllBytes(DATA.resolve("synth_en_arrow_rs/README.md")));
      hub.files.put("data/validation-00000-of-00001.parquet", Files.readAllBytes(DATA.resolve("synth_en_arrow_rs/data/validation-00000-of-00001.parquet")));
      HubEnvironment env = HubEnvironment.from(Map.of("HF_HOME", home.toString(), "HF_ENDPOINT", hub.endpoint()), home);
      DataArguments noDownload = data("synth/remote", "validation[:2]", null, "auto", false);
      assertThrows(IllegalArgumentException.class, () -> new DatasetPreparation(noDownload, 16000, env, 1L << 26).eval());
      assertTrue(hub.requests.isEmpty(), "nothing is fetched without --download");
      DataArguments download =
          DataArguments.builder()
              .dataset(DatasetSelection.builder().datasetName("synth/remote").download(true).build())
              .evalSplitName("validation[:2]")
              .build();
      assertEquals(2, new DatasetPreparation(download, 16000, env, 1L << 26).eval().examples().size(), "train and test are not in the card: skipped");
      assertEquals(2, new DatasetPreparation(noDownload, 16000, env, 1L << 26).eval().examples().size(), "then offline from the cache");
    }
  }

  @Test
  void earnings22LosesTheLast100Milliseconds(@TempDir Path home) {
    PreparedSplit plain = prep(data(null, "validation", MANIFEST.toString(), "auto", false), home, 1L << 26).eval();
    PreparedSplit trimmed = prep(data(null, "validation", MANIFEST.toString(), "earnings22", false), home, 1L << 26).eval();
    assertEquals(plain.examples().size(), trimmed.examples().size());
    for (int i = 0; i < plain.examples().size(); i++) {
      assertEquals(plain.examples().get(i).samples() - 1600, trimmed.examples().get(i).samples(), "int(0.1 * 16000) samples");
      assertEquals(trimmed.examples().get(i).samples(), trimmed.examples().get(i).waveform().length);
    }
  }

  @Test
  void beyondTheWaveformBudgetOnlyLengthsAreKeptAndTheLoaderDecodes(@TempDir Path home) {
    PreparedSplit cached = prep(data(null, "validation", MANIFEST.toString(), "earnings22", false), home, 1L << 26).eval();
    PreparedSplit lazy = prep(data(null, "validation", MANIFEST.toString(), "earnings22", false), home, 0).eval();
    assertTrue(lazy.examples().stream().allMatch(e -> e.waveform() == null));
    try (BatchLoader loader = new BatchLoader(2, 16000)) {
      List<Example> tokenized = lazy.examples().subList(0, 3).stream().map(e -> e.withTokens(new int[] {1, 2})).toList();
      Iterator<Batch.Host> batches = loader.iterate(List.of(tokenized));
      Batch.Host host = batches.next();
      for (int i = 0; i < 3; i++) {
        float[] expected = cached.examples().get(i).waveform();
        assertEquals(expected.length, host.audioLengths()[i], "cut to the prepared length");
        float[] row = java.util.Arrays.copyOfRange(host.audio(), i * host.maxSamples(), i * host.maxSamples() + expected.length);
        assertArrayEquals(expected, row);
      }
    }
  }

  @Test
  void transcriptsTheTokenizerCannotEncodeAreSkippedWithFileAndRowOrFail() {
    Tokenizer tokenizer = Tokenizer.load(Path.of("src/test/resources/tokenizer/bpe_v128.model"));
    PreparedSplit split = new PreparedSplit("eval", List.of(example("hello world", 3), example("naïve café 日本", 7), example("good day", 9)), List.of(), 1);
    PreparedSplit kept = Tokenization.apply(split, tokenizer, false, true);
    assertEquals(List.of("hello world", "good day"), kept.examples().stream().map(Example::text).toList());
    assertTrue(kept.examples().stream().allMatch(e -> e.tokens() != null && e.tokens().length > 0));
    assertEquals(2, kept.badSamples(), "one bad audio before, one transcript now");
    FilterReport coverage = kept.reports().get(kept.reports().size() - 1);
    assertEquals(Map.of("characters the tokenizer cannot encode", 1L), coverage.dropped());
    PreparedSplit eval = Tokenization.apply(split, tokenizer, false, false);
    assertEquals(3, eval.examples().size(), "evaluation keeps them: WER is scored on text");
    assertEquals(1, eval.badSamples());
    assertEquals(Map.of("kept with <unk> tokens", 1L), eval.reports().get(eval.reports().size() - 1).notes());
    DataException e = assertThrows(DataException.class, () -> Tokenization.apply(split, tokenizer, true, false));
    assertTrue(e.getMessage().contains("m.json:7") && e.getMessage().contains("U+65E5"), e.getMessage());
  }

  private static Example example(String text, int line) {
    Utterance u = new Utterance("u" + line, AudioRef.file(Path.of("a.wav")), text, 1.0, SourceLocation.line("m.json", line));
    return new Example(u, text, null, new float[16000], 16000);
  }

  @Test
  void waveformsAreNotLeakedIntoLazyExamples(@TempDir Path home) {
    PreparedSplit lazy = prep(data(null, "validation", MANIFEST.toString(), "none", false), home, 0).eval();
    assertNull(lazy.examples().get(0).waveform());
    assertNotNull(lazy.examples().get(0).utterance());
  }
}

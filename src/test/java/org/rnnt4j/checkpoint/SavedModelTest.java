package org.rnnt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.FormatException;

/**
 * Reading M into config + weights + tokenizer, for the fixture contextnet_tiny.nemo and for tampered copies of
 * it: each tampered archive fails naming the file and the problem, and leaves nothing behind.
 */
class SavedModelTest {
  private static final Path NEMO = Goldens.resource("nemo/contextnet_tiny.nemo");
  private static final Path TOKENIZER = Goldens.resource("nemo/tokenizer_spe_bpe_v128");

  @TempDir Path tmp;

  @Test
  void aNemoArchiveGivesItsConfigWeightsAndTokenizer() throws IOException {
    SavedModel m = SavedModel.open(NEMO.toString());
    assertEquals(ModelLocation.Format.NEMO, m.location().format());
    assertEquals("ConvASREncoder", m.config().getString("encoder._target_").replaceFirst(".*\\.", ""));
    assertEquals(Files.readAllLines(Goldens.resource("nemo/contextnet_tiny.state_dict_keys.txt")).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t")[0]).toList(),
        List.copyOf(m.weights().stateDict().keySet()), "state-dict order");
    assertEquals(Map.of("version", 2L), m.weights().metadata().get("encoder.encoder.0.mconv.2"), "BatchNorm's _metadata");
    assertEquals(128, m.tokenizer().vocabSize());
    assertEquals("tokenizer_spe_bpe_v128", m.tokenizerFiles().directoryName(), "basename of NeMo's training-time tokenizer.dir");
    assertArrayEquals(Files.readAllBytes(TOKENIZER.resolve("tokenizer.model")), m.tokenizerFiles().model());
    assertArrayEquals(Files.readAllBytes(TOKENIZER.resolve("tokenizer.vocab")), m.tokenizerFiles().spmVocab());
    assertArrayEquals(Files.readAllBytes(TOKENIZER.resolve("vocab.txt")), m.tokenizerFiles().nemoVocab());
    assertEquals(m.config().getStringList("labels"), m.tokenizer().pieces());
  }

  @Test
  void missingVocabularyArtifactsAreDerivedFromTheModelAsNemoWritesThem() throws IOException {
    Map<String, byte[]> members = TamperedArchives.members(NEMO);
    members.keySet().removeIf(n -> n.endsWith("_vocab.txt") || n.endsWith("_tokenizer.vocab"));
    SavedModel m = SavedModel.open(TamperedArchives.write(tmp.resolve("lean.nemo"), members).toString());
    assertArrayEquals(Files.readAllBytes(TOKENIZER.resolve("tokenizer.vocab")), m.tokenizerFiles().spmVocab());
    assertArrayEquals(Files.readAllBytes(TOKENIZER.resolve("vocab.txt")), m.tokenizerFiles().nemoVocab());
  }

  @Test
  void anEntryWithDotDotIsRefused() throws IOException {
    Map<String, byte[]> members = TamperedArchives.members(NEMO);
    members.put("./../evil.txt", new byte[] {1});
    assertRefused(TamperedArchives.write(tmp.resolve("climb.nemo"), members), "'./../evil.txt'");
    assertTrue(Files.notExists(tmp.getParent().resolve("evil.txt")));
  }

  @Test
  void missingWeightsAreRefused() throws IOException {
    Map<String, byte[]> members = TamperedArchives.members(NEMO);
    members.remove("./model_weights.ckpt");
    assertRefused(TamperedArchives.write(tmp.resolve("noweights.nemo"), members), "has no model_weights.ckpt");
  }

  @Test
  void aTruncatedCheckpointIsRefused() throws IOException {
    Map<String, byte[]> members = TamperedArchives.members(NEMO);
    byte[] ckpt = members.get("./model_weights.ckpt");
    members.put("./model_weights.ckpt", Arrays.copyOf(ckpt, ckpt.length / 2));
    assertRefused(TamperedArchives.write(tmp.resolve("truncated.nemo"), members), "model_weights.ckpt");
  }

  @Test
  void aMissingTokenizerArtifactIsRefused() throws IOException {
    Map<String, byte[]> members = TamperedArchives.members(NEMO);
    members.keySet().removeIf(n -> n.endsWith("_tokenizer.model"));
    assertRefused(TamperedArchives.write(tmp.resolve("notok.nemo"), members), "names artifact", "_tokenizer.model");
  }

  @Test
  void aTokenizerThatIsNotTheConfigsVocabularyIsRefused() throws IOException {
    Map<String, byte[]> members = TamperedArchives.members(NEMO);
    String config = new String(members.get("./model_config.yaml"), StandardCharsets.UTF_8);
    int labels = config.indexOf("\nlabels:\n");
    String altered = config.substring(0, labels) + config.substring(labels).replaceFirst("- ▁the\n", "- ▁teh\n");
    members.put("./model_config.yaml", altered.getBytes(StandardCharsets.UTF_8));
    assertRefused(TamperedArchives.write(tmp.resolve("labels.nemo"), members), "not the one the model was trained with", "first difference at id 5");
  }

  private void assertRefused(Path archive, String... fragments) throws IOException {
    List<Path> before = listing();
    FormatException e = assertThrows(FormatException.class, () -> SavedModel.open(archive.toString()));
    assertTrue(e.getMessage().contains(archive.toString()), "names the archive: " + e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "mentions " + f + ": " + e.getMessage());
    }
    assertEquals(before, listing(), "nothing is extracted or left behind");
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.sorted().toList();
    }
  }
}

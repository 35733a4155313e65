package org.rnnt4j.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.DataException;
import org.rnnt4j.util.Json;

/**
 * The facade on the .nemo fixtures' tokenizer (sentencepiece 0.1.97 with NeMo's flags, nmt_nfkc_cf,
 * remove_extra_whitespaces=false), checked against the label ids and greedy texts of their goldens.
 */
class TokenizerTest {
  private static Path nemoDir(Path tmp) throws Exception {
    Path dir = tmp.resolve("tokenizer_spe_bpe_v128");
    Files.createDirectories(dir);
    for (String f : new String[] {"tokenizer.model", "tokenizer.vocab", "vocab.txt"}) {
      Files.write(dir.resolve(f), Fixtures.bytes("nemo_spe_bpe_v128/" + f));
    }
    return dir;
  }

  @Test
  void nemoTokenizerMatchesTheLabelIdsOfTheNemoGoldens(@TempDir Path tmp) throws Exception {
    Tokenizer t = Tokenizer.load(nemoDir(tmp));
    assertEquals(128, t.vocabSize());
    assertEquals("<unk>", t.pieces().get(0));
    JsonNode goldens =
        Json.parse(
            new String(
                Fixtures.bytes("nemo_spe_bpe_v128/encode_goldens.json"), StandardCharsets.UTF_8));
    int checked = 0;
    for (JsonNode c : goldens.get("cases")) {
      int[] ids = new int[c.get("ids").size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = c.get("ids").get(i).asInt();
      }
      String text = c.get("text").asText();
      if (c.get("kind").asText().equals("label")) {
        assertArrayEquals(ids, t.encode(text), text);
      }
      assertEquals(text, t.decode(ids));
      checked++;
    }
    assertEquals(4, checked);
  }

  @Test
  void loadsAModelFileDirectly(@TempDir Path tmp) throws Exception {
    Tokenizer t = Tokenizer.load(nemoDir(tmp).resolve("tokenizer.model"));
    assertEquals(128, t.pieces().size());
  }

  @Test
  void nemoTokenizerRoundTripsTheAsrSentencesAndKeepsSpacing(@TempDir Path tmp) throws Exception {
    Tokenizer t = Tokenizer.load(nemoDir(tmp));
    for (Fixtures.GoldenCase c : Fixtures.golden("bpe_v128").subList(0, 1500)) {
      assertEquals(c.text(), t.decode(t.encode(c.text())), "line " + c.line());
    }
    // remove_extra_whitespaces=false: repeated inner spaces survive, case is folded by nmt_nfkc_cf.
    assertEquals("hello  world", t.decode(t.encode("Hello  World")));
    assertEquals("", t.decode(t.encode("")));
  }

  @Test
  void missingModelNamesTheDirectory(@TempDir Path tmp) {
    DataException e = assertThrows(DataException.class, () -> Tokenizer.load(tmp));
    assertTrue(
        e.getMessage().contains(tmp.toString()) && e.getMessage().contains("tokenizer.model"),
        e.getMessage());
  }

  @Test
  void decodeRejectsIdsOutsideTheVocabulary(@TempDir Path tmp) throws Exception {
    Tokenizer t = Tokenizer.load(nemoDir(tmp));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {5, 128}));
    assertTrue(e.getMessage().contains("128"), e.getMessage());
  }
}

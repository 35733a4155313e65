package org.rnnt4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.checkpoint.nemo.NemoContents;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.nemo.TorchCheckpointReader;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/** A .nemo written by rnnt4j has NeMo's layout and reads back to the same config, tensors and tokenizer. */
class NemoExportTest {
  private static final Path NEMO = Goldens.resource("nemo/contextnet_tiny.nemo");

  @TempDir Path tmp;

  @Test
  void exportedArchiveHasNemoLayoutAndReadsBackIdentically() throws IOException {
    SavedModel original = SavedModel.open(NEMO.toString());
    Path out = tmp.resolve("model.nemo");
    NemoExport.write(out, original.config(), original.weights(), original.tokenizerFiles());

    // members: ./, the three tokenizer artifacts under <uuid hex>_ names, config and weights, sorted
    Map<String, byte[]> members = TamperedArchives.members(out);
    List<String> names = new ArrayList<>(members.keySet());
    assertEquals(5, names.size(), names.toString());
    assertEquals(names.stream().sorted().toList(), names, "sorted as SaveRestoreConnector's tar");
    assertTrue(names.contains("./model_config.yaml") && names.contains("./model_weights.ckpt"), names.toString());
    for (String base : List.of("tokenizer.model", "vocab.txt", "tokenizer.vocab")) {
      assertTrue(names.stream().anyMatch(n -> n.matches("\\./[0-9a-f]{32}_" + java.util.regex.Pattern.quote(base))), base + " in " + names);
    }

    NemoContents contents = NemoArchive.read(out);
    ConfigNode config = ConfigNode.parse(contents.modelConfigYaml(), "exported").modelSection();
    assertTrue(config.getString("tokenizer.model_path").matches("nemo:[0-9a-f]{32}_tokenizer\\.model"));
    assertTrue(config.getString("tokenizer.vocab_path").matches("nemo:[0-9a-f]{32}_vocab\\.txt"));
    assertTrue(config.getString("tokenizer.spe_tokenizer_vocab").matches("nemo:[0-9a-f]{32}_tokenizer\\.vocab"));
    assertEquals("/workspace/tokenizers/tokenizer_spe_bpe_v128", config.getString("tokenizer.dir"), "NeMo keeps the training-time dir");
    assertEquals("bpe", config.getString("tokenizer.type"));
    assertEquals(ModelConfigs.NEMO_TARGET, config.getString("target"));
    assertEquals(original.config().getStringList("labels"), config.getStringList("labels"));
    assertEquals(128, config.getInt("joint.num_classes"));
    assertEquals(TransducerConfigBinder.bind(original.config()), TransducerConfigBinder.bind(config), "the config binds to the same architecture");

    SavedModel back = SavedModel.open(out.toString());
    assertEquals(List.copyOf(original.weights().stateDict().keySet()), List.copyOf(back.weights().stateDict().keySet()));
    assertEquals(original.weights().stateDict(), back.weights().stateDict(), "every tensor bit for bit");
    assertEquals(original.weights().metadata(), back.weights().metadata());
    assertArrayEquals(original.tokenizerFiles().model(), back.tokenizerFiles().model());
    assertArrayEquals(original.tokenizerFiles().spmVocab(), back.tokenizerFiles().spmVocab());
    assertArrayEquals(original.tokenizerFiles().nemoVocab(), back.tokenizerFiles().nemoVocab());

    // model_weights.ckpt: a torch.save zip, records named and ordered like the fixture's (plus byteorder,
    // which PyTorch >= 2.1 writes and every PyTorch >= 1.6 reads)
    List<String> fixture = zipNames(TamperedArchives.members(NEMO).get("./model_weights.ckpt"));
    List<String> written = zipNames(members.get("./model_weights.ckpt"));
    List<String> expected = new ArrayList<>(fixture);
    expected.add(1, "model_weights/byteorder");
    assertEquals(expected, written);
    TorchCheckpoint reread = TorchCheckpointReader.readCheckpoint(ByteBuffer.wrap(members.get("./model_weights.ckpt")), "written");
    assertEquals(original.weights().stateDict(), reread.stateDict());
  }

  @Test
  void safetensorsExportHoldsTheStateDictAndAnHfStyleConfig() throws IOException {
    SavedModel original = SavedModel.open(NEMO.toString());
    SafetensorsExport.write(tmp, original.config(), original.weights(), original.tokenizer().pieces(), "tokenizer_spe_bpe_v128");
    SafeTensorsFile st = SafeTensors.read(tmp.resolve(SafetensorsExport.WEIGHTS));
    assertEquals(List.copyOf(original.weights().stateDict().keySet()), List.copyOf(st.tensors().keySet()));
    original.weights().stateDict().forEach((k, v) -> assertEquals(v, st.tensor(k), k));
    assertEquals("pt", st.metadata().get("format"));
    var json = Json.read(tmp.resolve(SafetensorsExport.CONFIG));
    assertEquals(129, json.get("vocab_size").asInt());
    assertEquals(128, json.get("blank_token_id").asInt());
    assertEquals(16000, json.get("sample_rate").asInt());
    assertEquals("ConvASREncoder", json.get("encoder").asText());
    ConfigNode nemoConfig = ConfigNode.parse(Json.pretty(json.get("nemo_config")), "config.json");
    assertEquals(TransducerConfigBinder.bind(original.config()), TransducerConfigBinder.bind(nemoConfig));
  }

  /** Record names in order, read by java.util.zip (central directory) independently of our reader. */
  private List<String> zipNames(byte[] zip) throws IOException {
    Path file = Files.createTempFile(tmp, "ckpt", ".zip");
    Files.write(file, zip);
    List<String> names = new ArrayList<>();
    try (ZipFile z = new ZipFile(file.toFile())) {
      for (ZipEntry e : Collections.list(z.entries())) {
        assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
        z.getInputStream(e).readAllBytes(); // checks the CRC
        names.add(e.getName());
      }
    }
    return names;
  }
}

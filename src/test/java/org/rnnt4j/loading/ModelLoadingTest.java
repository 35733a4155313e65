package org.rnnt4j.loading;

import org.rnnt4j.evaluation.Transcriber;
import org.rnnt4j.testing.FixtureAudio;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.checkpoint.ModelWeights;
import org.rnnt4j.checkpoint.NemoExport;
import org.rnnt4j.checkpoint.TamperedArchives;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.checkpoint.nemo.NemoContents;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.nemo.TorchCheckpointWriter;
import org.rnnt4j.checkpoint.nemo.TorchZipLayout;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * M to a working Transducer: the fixture .nemo archive (written by the reference generator, a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself)
 * transcribes, export and re-import are lossless, bad weights are listed.
 */
class ModelLoadingTest {
  private static final Path NEMO = Goldens.resource("nemo/contextnet_tiny.nemo");

  @TempDir Path tmp;

  @Test
  void theNemoFixtureTranscribesItsUtterances() {
    LoadedModel loaded = ModelLoading.open(NEMO.toString(), 0);
    assertEquals(74705, loaded.model().parameterCount());
    List<String> texts = new Transcriber(loaded, Device.CPU, 2).transcribe(List.of(FixtureAudio.wav(0), FixtureAudio.wav(1)));
    assertEquals(FixtureAudio.TRANSCRIPTS, texts);
    // one at a time gives the same text as a padded batch
    assertEquals(FixtureAudio.TRANSCRIPTS.get(1), new Transcriber(loaded, Device.CPU, 1).transcribe(List.of(FixtureAudio.wav(1))).get(0));
  }

  @Test
  void theModelsStateDictReproducesTheNemoCheckpointByteForByte() throws IOException {
    LoadedModel loaded = ModelLoading.open(NEMO.toString(), 0);
    TorchCheckpoint weights = ModelWeights.of(loaded.model(), loaded.saved().weights().metadata());
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    TorchCheckpointWriter.write(written, "model_weights", weights, TorchZipLayout.WITHOUT_BYTEORDER);
    byte[] fixture = TamperedArchives.members(NEMO).get("./model_weights.ckpt");
    // tensors went .nemo file -> libtorch -> bytes; PyTorch 1.13's torch.save wrote this very file
    assertArrayEquals(fixture, written.toByteArray());
  }

  @Test
  void importOfExportReproducesEveryTensorAsNemoAndAsDirectory() {
    LoadedModel loaded = ModelLoading.open(NEMO.toString(), 0);
    TorchCheckpoint weights = ModelWeights.of(loaded.model(), loaded.saved().weights().metadata());
    Path nemo = tmp.resolve("out/model.nemo");
    NemoExport.write(nemo, loaded.saved().config(), weights, loaded.saved().tokenizerFiles());
    ModelDirectory.save(tmp.resolve("out"), weights, loaded.saved().config(), loaded.saved().tokenizerFiles(), Map.of("test", true), Map.of());

    for (Path m : List.of(nemo, tmp.resolve("out"))) {
      LoadedModel back = ModelLoading.open(m.toString(), 0);
      assertEquals(loaded.config(), back.config(), "the written config binds to the same architecture");
      assertEquals(loaded.tokenizer().pieces(), back.tokenizer().pieces());
      Map<String, Tensor> a = loaded.model().stateDict();
      Map<String, Tensor> b = back.model().stateDict();
      assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()));
      for (String k : a.keySet()) {
        assertEquals(org.rnnt4j.engine.Arrays.toArray(a.get(k)), org.rnnt4j.engine.Arrays.toArray(b.get(k)), m + " " + k + " bit for bit");
      }
      assertEquals(FixtureAudio.TRANSCRIPTS.get(0), new Transcriber(back, Device.CPU, 1).transcribe(List.of(FixtureAudio.wav(0))).get(0));
    }
    // the model directory's config carries NeMo's vocabulary keys and a relative tokenizer dir
    var config = ModelDirectory.readConfig(tmp.resolve("out"));
    assertEquals("tokenizer_spe_bpe_v128", config.getString("tokenizer.dir"));
    assertEquals(128, config.getInt("decoder.vocab_size"));
    assertEquals(loaded.config(), TransducerConfigBinder.bind(config));
  }

  @Test
  void weightsThatDoNotFitAreListedInOneErrorNamingTheArchive() {
    NemoContents nemo = NemoArchive.read(NEMO);
    LinkedHashMap<String, NamedArray> state = nemo.stateDict();
    state.put("joint.enc.weight", NamedArray.ofFloats(new long[] {3, 2}, new float[6]));
    state.remove("joint.pred.bias");
    state.put("joint.adapter.weight", NamedArray.ofFloats(new long[] {1}, 0f));
    Map<String, org.rnnt4j.checkpoint.nemo.NemoArtifact> artifacts = new LinkedHashMap<>();
    nemo.artifacts().forEach((k, v) -> artifacts.put(k, org.rnnt4j.checkpoint.nemo.NemoArtifact.of(v)));
    Path bad = tmp.resolve("bad.nemo");
    NemoArchive.write(bad, nemo.modelConfigYaml(), new TorchCheckpoint(state, nemo.weights().metadata()), artifacts);

    FormatException e = assertThrows(FormatException.class, () -> ModelLoading.open(bad.toString(), 0));
    String m = e.getMessage();
    assertTrue(m.contains(bad.toString()), m);
    assertTrue(m.contains("missing keys (1): [joint.pred.bias]"), m);
    assertTrue(m.contains("unexpected keys (1): [joint.adapter.weight]"), m);
    assertTrue(m.contains("joint.enc.weight: checkpoint [3, 2] vs model [64, 64]"), m);
  }

  @Test
  void aModelDirectoryWithoutWeightsIsRefused() throws IOException {
    LoadedModel loaded = ModelLoading.open(NEMO.toString(), 0);
    Path dir = tmp.resolve("dir");
    ModelDirectory.save(dir, ModelWeights.of(loaded.model(), null), loaded.saved().config(), loaded.saved().tokenizerFiles(), Map.of(), Map.of());
    Files.delete(dir.resolve(ModelDirectory.WEIGHTS));
    FormatException e = assertThrows(FormatException.class, () -> ModelLoading.open(dir.toString(), 0));
    assertTrue(e.getMessage().contains("model_weights.ckpt is missing"), e.getMessage());
  }
}

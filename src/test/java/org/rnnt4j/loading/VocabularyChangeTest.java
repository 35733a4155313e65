package org.rnnt4j.loading;

import org.rnnt4j.testing.FixtureAudio;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfig;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.text.tokenizer.training.TokenizerTrainer;
import org.rnnt4j.text.tokenizer.training.TrainOptions;

/**
 * Changing the vocabulary of the fixture contextnet_tiny.nemo (128 BPE pieces; written by the reference
 * generator, a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself): an identical vocabulary
 * keeps every tensor, a different one of the same size does not reuse rows by id, shared pieces keep
 * their rows, and the step-0 loss with transferred rows is lower than with fresh heads.
 */
class VocabularyChangeTest {
  private static final long SEED = 7;
  private static SavedModel saved;
  private static TransducerConfig config;
  private static Map<String, Tensor> pretrained;
  private static Tokenizer sameSizeOtherOrder;

  @BeforeAll
  static void load(@TempDir Path tmp) throws IOException {
    saved = SavedModel.open(Goldens.resource("nemo/contextnet_tiny.nemo").toString());
    config = TransducerConfigBinder.bind(saved.config().withOverride("spec_augment", null));
    pretrained = ModelLoading.tensors(saved.weights());
    // A different 128-piece BPE tokenizer: trained on the first 3,000 lines of the tokenizer fixtures'
    // corpus, so its merges (and ids) differ from the .nemo fixture's (trained on 30,462 fortunes).
    List<String> lines;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(Goldens.resource("tokenizer/train_corpus.txt.gz"))), StandardCharsets.UTF_8))) {
      lines = r.lines().limit(3000).toList();
    }
    sameSizeOtherOrder = Tokenizer.load(TokenizerTrainer.train(lines, TrainOptions.defaults(128).withLowerCase(true), tmp));
  }

  private static Transducer fresh(Tokenizer tokenizer) {
    Engine.seed(SEED);
    return Transducers.build(config, tokenizer.vocabSize(), SEED);
  }

  @Test
  void anIdenticalVocabularyKeepsEveryTensor() {
    // the tokenizer fixture bpe_v128 was trained with other options but has the same pieces in the same order
    Tokenizer same = Tokenizer.load(Goldens.resource("tokenizer/bpe_v128.model"));
    assertEquals(saved.tokenizer().pieces(), same.pieces());
    Transducer model = fresh(same);
    VocabularyChange.Transfer t = VocabularyChange.apply(model, pretrained, saved.tokenizer().pieces(), same.pieces());
    assertTrue(t.identical());
    model.stateDict().forEach((k, v) -> assertArrayEquals(pretrained.get(k).toFloatArray(), v.toFloatArray(), k));
  }

  @Test
  void aDifferentTokenizerOfTheSameSizeGetsRowsByPieceNotById() {
    List<String> oldPieces = saved.tokenizer().pieces();
    List<String> newPieces = sameSizeOtherOrder.pieces();
    assertEquals(oldPieces.size(), newPieces.size());
    assertNotEquals(oldPieces, newPieces, "the test needs another order of pieces");
    Transducer model = fresh(sameSizeOtherOrder);
    Map<String, float[]> init = new LinkedHashMap<>();
    model.stateDict().forEach((k, v) -> init.put(k, v.toFloatArray()));

    VocabularyChange.Transfer t = VocabularyChange.apply(model, pretrained, oldPieces, newPieces);
    assertFalse(t.identical());
    long shared = newPieces.stream().filter(oldPieces::contains).count();
    assertEquals(shared, t.transferred());
    assertEquals(128 - shared, t.fresh());
    assertTrue(t.fresh() > 0 && t.transferred() > 64, t.toString());

    Map<String, Tensor> now = model.stateDict();
    String out = now.keySet().stream().filter(k -> k.startsWith("joint.joint_net.") && k.endsWith("weight")).findFirst().orElseThrow();
    String bias = out.replace("weight", "bias");
    for (String key : List.of(VocabularyChange.EMBEDDING, out, bias)) {
      float[] old = pretrained.get(key).toFloatArray();
      float[] got = now.get(key).toFloatArray();
      int width = (int) (got.length / 129);
      for (int id = 0; id <= 128; id++) {
        int oldId = id == 128 ? 128 : oldPieces.indexOf(newPieces.get(id));
        float[] expected = oldId >= 0 ? java.util.Arrays.copyOfRange(old, oldId * width, (oldId + 1) * width)
            : java.util.Arrays.copyOfRange(init.get(key), id * width, (id + 1) * width);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(got, id * width, (id + 1) * width), key + " row " + id);
      }
    }
    for (String key : now.keySet()) {
      if (!key.equals(VocabularyChange.EMBEDDING) && !key.startsWith("joint.joint_net.")) {
        assertArrayEquals(pretrained.get(key).toFloatArray(), now.get(key).toFloatArray(), key + " is kept");
      }
    }
  }

  @Test
  void transferredRowsGiveALowerStepZeroLossThanFreshHeads() {
    // a 256-piece unigram tokenizer (another size and model type): 105 of its pieces are in the checkpoint's
    Tokenizer unigram = Tokenizer.load(Goldens.resource("tokenizer/unigram_v256.model"));
    for (Tokenizer tokenizer : List.of(sameSizeOtherOrder, unigram)) {
      Transducer transferred = fresh(tokenizer);
      VocabularyChange.apply(transferred, pretrained, saved.tokenizer().pieces(), tokenizer.pieces());

      Transducer freshHeads = fresh(tokenizer);
      Map<String, Tensor> body = new LinkedHashMap<>(pretrained);
      body.keySet().removeIf(k -> k.equals(VocabularyChange.EMBEDDING) || k.startsWith("joint.joint_net."));
      freshHeads.loadStateDict(body, false);

      double withTransfer = FixtureAudio.loss(transferred, tokenizer);
      double withFresh = FixtureAudio.loss(freshHeads, tokenizer);
      System.out.printf("%d pieces: step-0 loss %.3f with transferred rows, %.3f with fresh heads%n", tokenizer.vocabSize(), withTransfer, withFresh);
      assertTrue(withTransfer < withFresh, withTransfer + " vs " + withFresh);
    }
  }
}

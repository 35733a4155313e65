package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.checkpoint.nemo.NemoContents;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.decoding.GreedyBatchDecoder;
import org.rnnt4j.decoding.Hypothesis;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.features.Features;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * The fixture .nemo archives (ContextNet, strided ContextNet, Conformer, FastConformer), rebuilt from
 * their model_config.yaml and loaded strictly, reproduce every golden of src/test/resources/nemo (archives
 * and goldens written by the reference generator: a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself): B=2 utterances, 80
 * mels, V=128 (+ blank), eval mode and BatchNorm training mode. Float tensors within 1e-4 relative
 * (max|a-b| / max|b|), lengths, token ids and timestamps identical, decoded text identical.
 */
class NemoParityTest {
  private static final double TOL = 1e-4;
  private static final int VOCAB = 128;

  private static ConfigNode config(NemoContents nemo, String name, boolean withSpecAugment) {
    ConfigNode config = ConfigNode.parse(nemo.modelConfigYaml(), name + ".nemo/model_config.yaml").modelSection();
    return withSpecAugment ? config : config.withOverride("spec_augment", null);
  }

  private static Transducer load(String name, boolean withSpecAugment) {
    NemoContents nemo = NemoArchive.read(Goldens.resource("nemo/" + name + ".nemo"));
    Transducer model = Transducers.build(TransducerConfigBinder.bind(config(nemo, name, withSpecAugment)), VOCAB, 0);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    nemo.stateDict().forEach((k, v) -> weights.put(k, org.rnnt4j.engine.Arrays.toTensor(v)));
    model.loadStateDict(weights, true);
    assertEquals(List.copyOf(nemo.stateDict().keySet()), List.copyOf(model.stateDict().keySet()), "state-dict order");
    return model;
  }

  /** The model's own {@code rnnt_reduction}, as the binder reads it and as the goldens record it. */
  private static Reduction reduction(String name) {
    NemoContents nemo = NemoArchive.read(Goldens.resource("nemo/" + name + ".nemo"));
    Reduction bound = TransducerConfigBinder.bind(config(nemo, name, false)).loss().reduction();
    assertEquals(goldensJson(name).get("loss_reduction").asText(), bound.nemoName(), name + " rnnt_reduction");
    return bound;
  }

  private static JsonNode goldensJson(String name) {
    return Json.parse(Goldens.readString("nemo/" + name + ".goldens.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"contextnet_tiny", "contextnet_strided_tiny", "conformer_tiny", "fastconformer_tiny"})
  void evalModeGoldens(String name) {
    SafeTensorsFile g = Goldens.nemoGoldens(name);
    Transducer model = load(name, true);
    model.train(false);
    Features f = model.features(Goldens.tensor(g, "audio"), Goldens.tensor(g, "audio_lengths"));
    assertArrayEquals(Goldens.tensor(g, "feature_lengths").toLongArray(), f.lengths().toLongArray(), name + " feature_lengths");
    Goldens.assertClose(f.values(), Goldens.tensor(g, "features"), TOL, name + " features (stored fb)");
    Encoded enc = model.transcribe(f);
    assertArrayEquals(Goldens.tensor(g, "encoded_lengths").toLongArray(), enc.lengths().toLongArray(), name + " encoded_lengths");
    Goldens.assertClose(enc.values(), Goldens.tensor(g, "encoded"), TOL, name + " encoded");
    Tensor labels = Goldens.tensor(g, "labels");
    Tensor pred = model.predict(labels);
    Goldens.assertClose(pred, Goldens.tensor(g, "decoder_output"), TOL, name + " decoder_output");
    Tensor logits = model.join(enc.values(), pred).retain().requiresGrad(true);
    if (g.contains("joint_logits")) {
      Goldens.assertClose(logits, Goldens.tensor(g, "joint_logits"), TOL, name + " joint_logits");
    }
    Tensor labelLengths = Goldens.tensor(g, "label_lengths");
    for (String r : List.of("mean_batch", "sum", "mean", "mean_volume")) {
      try (TransducerLoss loss = new TransducerLoss(Reduction.fromNemoName(r), 0, -1)) {
        TransducerLoss.Value v = loss.compute(logits, labels, enc.lengths(), labelLengths);
        assertLoss(Goldens.tensor(g, "loss_reduction." + r).item(), v.value(), name + " loss " + r);
        if (r.equals("sum")) {
          float[] expected = Goldens.tensor(g, "loss_per_utterance").toFloatArray();
          for (int b = 0; b < expected.length; b++) {
            assertLoss(expected[b], v.perUtterance()[b], name + " loss_per_utterance[" + b + "]");
          }
        }
      }
    }
    try (TransducerLoss loss = new TransducerLoss(reduction(name), 0, -1)) {
      assertLoss(Goldens.tensor(g, "loss").item(), loss.compute(logits, labels, enc.lengths(), labelLengths).value(), name + " loss");
    }
    assertGreedy(name, g, model, enc);
  }

  private static void assertGreedy(String name, SafeTensorsFile g, Transducer model, Encoded enc) {
    Tokenizer tokenizer = Tokenizer.load(Goldens.resource("nemo/tokenizer_spe_bpe_v128/tokenizer.model"));
    JsonNode greedy = goldensJson(name).get("greedy");
    for (int maxSymbols : new int[] {10, 1}) {
      String prefix = "greedy.max_symbols_" + maxSymbols;
      List<Hypothesis> hyps = new GreedyBatchDecoder(maxSymbols).decode(model, enc);
      long[] tokens = Goldens.tensor(g, prefix + ".tokens").toLongArray();
      long[] lengths = Goldens.tensor(g, prefix + ".lengths").toLongArray();
      long[] stamps = Goldens.tensor(g, prefix + ".timestamps").toLongArray();
      float[] scores = Goldens.tensor(g, prefix + ".scores").toFloatArray();
      int width = tokens.length / 2;
      for (int b = 0; b < 2; b++) {
        Hypothesis h = hyps.get(b);
        String what = name + " " + prefix + "[" + b + "]";
        assertEquals(lengths[b], h.tokens().length, what + " length");
        for (int i = 0; i < h.tokens().length; i++) {
          assertEquals(tokens[b * width + i], h.tokens()[i], what + " token " + i);
          assertEquals(stamps[b * width + i], h.timestamps()[i], what + " timestamp " + i);
        }
        assertEquals(scores[b], h.score(), 1e-4 * Math.abs(scores[b]), what + " score");
        String text = greedy.get("max_symbols_" + maxSymbols).get(b).get("text").asText();
        assertEquals(text, tokenizer.decode(h.tokens()), what + " text");
      }
    }
  }

  private static void assertLoss(double expected, double actual, String what) {
    double err = Math.abs(actual - expected) / Math.abs(expected);
    System.out.printf("%s: relative error %.3g%n", what, err);
    assertTrue(err <= TOL, what + ": " + actual + " vs expected " + expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"contextnet_tiny", "contextnet_strided_tiny", "conformer_tiny", "fastconformer_tiny"})
  void parameterGradientsInEvalAndTrainMode(String name) {
    SafeTensorsFile g = Goldens.nemoGoldens(name);
    Reduction reduction = reduction(name);
    for (String mode : List.of("", "train.")) {
      Transducer model = load(name, false);
      model.train(!mode.isEmpty());
      model.disableDropout(true);
      model.preprocessor().train(false);
      Features f = model.features(Goldens.tensor(g, "audio"), Goldens.tensor(g, "audio_lengths"));
      Encoded enc = model.transcribe(f);
      if (!mode.isEmpty()) {
        assertArrayEquals(Goldens.tensor(g, "train.encoded_lengths").toLongArray(), enc.lengths().toLongArray());
        Goldens.assertClose(enc.values(), Goldens.tensor(g, "train.encoded"), TOL, name + " train.encoded");
      }
      Tensor labels = Goldens.tensor(g, "labels");
      Tensor logits = model.join(enc.values(), model.predict(labels));
      try (TransducerLoss loss = new TransducerLoss(reduction, 0, -1)) {
        TransducerLoss.Value v = loss.compute(logits, labels, enc.lengths(), Goldens.tensor(g, "label_lengths"));
        assertLoss(Goldens.tensor(g, mode + "loss").item(), v.value(), name + " " + mode + "loss");
        if (!mode.isEmpty()) {
          float[] expected = Goldens.tensor(g, "train.loss_per_utterance").toFloatArray();
          for (int b = 0; b < expected.length; b++) {
            assertLoss(expected[b], v.perUtterance()[b], name + " train.loss_per_utterance[" + b + "]");
          }
        }
        v.loss().backward();
      }
      Map<String, Tensor> params = model.namedParameters();
      List<String> checked = new ArrayList<>();
      for (String key : g.tensors().keySet()) {
        boolean trainKey = key.startsWith("train.");
        if (key.startsWith(mode + "grad.") && !key.endsWith("joint_logits") && (mode.isEmpty() != trainKey)) {
          String param = key.substring((mode + "grad.").length());
          Goldens.assertClose(params.get(param).grad(), Goldens.tensor(g, key), TOL, name + " " + key);
          checked.add(param);
        }
      }
      List<String> expectedParams = new ArrayList<>();
      goldensJson(name).get("grad_params").forEach(p -> expectedParams.add(p.asText()));
      assertEquals(expectedParams, checked, name + " " + mode + "gradients checked");
      if (!mode.isEmpty()) {
        assertBatchNormBuffers(name, g, model);
      }
    }
  }

  private static void assertBatchNormBuffers(String name, SafeTensorsFile g, Transducer model) {
    Map<String, Tensor> state = model.stateDict();
    int checked = 0;
    for (String key : g.tensors().keySet()) {
      if (key.startsWith("train.after_step.")) {
        String buffer = key.substring("train.after_step.".length());
        if (buffer.endsWith("num_batches_tracked")) {
          assertArrayEquals(Goldens.tensor(g, key).toLongArray(), state.get(buffer).toLongArray(), key);
        } else {
          Goldens.assertClose(state.get(buffer), Goldens.tensor(g, key), TOL, name + " " + key);
        }
        checked++;
      }
    }
    assertEquals(3 * goldensJson(name).get("train_mode_bn_layers").size(), checked, name + " BatchNorm buffers checked");
  }
}

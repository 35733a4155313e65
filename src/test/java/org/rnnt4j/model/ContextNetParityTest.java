package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * The genuine NeMo ContextNet archives, rebuilt from their model_config.yaml and loaded strictly, reproduce
 * every golden: B=2 utterances, 80 mels, V=128 (+ blank), eval mode and BatchNorm training mode.
 */
class ContextNetParityTest {
  private static final double TOL = 1e-4;

  private static Transducer load(String name, boolean withSpecAugment) {
    NemoContents nemo = NemoArchive.read(Goldens.resource("nemo/" + name + ".nemo"));
    ConfigNode config = ConfigNode.parse(nemo.modelConfigYaml(), name + ".nemo/model_config.yaml").modelSection();
    if (!withSpecAugment) {
      config = config.withOverride("spec_augment", null);
    }
    Transducer model = Transducers.build(TransducerConfigBinder.bind(config), 128, 0);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    nemo.stateDict().forEach((k, v) -> weights.put(k, org.rnnt4j.engine.Arrays.toTensor(v)));
    model.loadStateDict(weights, true);
    assertEquals(List.copyOf(nemo.stateDict().keySet()), List.copyOf(model.stateDict().keySet()), "state-dict order");
    return model;
  }

  @ParameterizedTest
  @ValueSource(strings = {"contextnet_tiny", "contextnet_strided_tiny"})
  void evalModeGoldens(String name) {
    SafeTensorsFile g = Goldens.nemoGoldens(name);
    Transducer model = load(name, true);
    model.train(false);
    Features f = model.features(Goldens.tensor(g, "audio"), Goldens.tensor(g, "audio_lengths"));
    Goldens.assertClose(f.values(), Goldens.tensor(g, "features"), TOL, name + " features (stored fb)");
    Encoded enc = model.transcribe(f);
    assertArrayEquals(Goldens.tensor(g, "encoded_lengths").toLongArray(), enc.lengths().toLongArray());
    Goldens.assertClose(enc.values(), Goldens.tensor(g, "encoded"), TOL, name + " encoded");
    Tensor labels = Goldens.tensor(g, "labels");
    Tensor pred = model.predict(labels);
    Goldens.assertClose(pred, Goldens.tensor(g, "decoder_output"), TOL, name + " decoder_output");
    Tensor logits = model.join(enc.values(), pred).retain().requiresGrad(true);
    if (g.contains("joint_logits")) {
      Goldens.assertClose(logits, Goldens.tensor(g, "joint_logits"), TOL, name + " joint_logits");
    }
    for (String reduction : List.of("mean_batch", "sum", "mean", "mean_volume")) {
      try (TransducerLoss loss = new TransducerLoss(Reduction.fromNemoName(reduction), 0, -1)) {
        double v = loss.compute(logits, labels, enc.lengths(), Goldens.tensor(g, "label_lengths")).value();
        double expected = Goldens.tensor(g, "loss_reduction." + reduction).item();
        assertEquals(expected, v, TOL * Math.abs(expected), name + " loss " + reduction);
      }
    }
    for (int maxSymbols : new int[] {10, 1}) {
      List<Hypothesis> hyps = new GreedyBatchDecoder(maxSymbols).decode(model, enc);
      long[] tokens = Goldens.tensor(g, "greedy.max_symbols_" + maxSymbols + ".tokens").toLongArray();
      long[] lengths = Goldens.tensor(g, "greedy.max_symbols_" + maxSymbols + ".lengths").toLongArray();
      long[] stamps = Goldens.tensor(g, "greedy.max_symbols_" + maxSymbols + ".timestamps").toLongArray();
      float[] scores = Goldens.tensor(g, "greedy.max_symbols_" + maxSymbols + ".scores").toFloatArray();
      int width = tokens.length / 2;
      for (int b = 0; b < 2; b++) {
        Hypothesis h = hyps.get(b);
        assertEquals(lengths[b], h.tokens().length, name + " greedy length, max_symbols " + maxSymbols);
        for (int i = 0; i < h.tokens().length; i++) {
          assertEquals(tokens[b * width + i], h.tokens()[i], name + " token " + i);
          assertEquals(stamps[b * width + i], h.timestamps()[i], name + " timestamp " + i);
        }
        assertEquals(scores[b], h.score(), 1e-3 * Math.abs(scores[b]), name + " greedy score");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"contextnet_tiny", "contextnet_strided_tiny"})
  void parameterGradientsInEvalAndTrainMode(String name) {
    SafeTensorsFile g = Goldens.nemoGoldens(name);
    for (String mode : List.of("", "train.")) {
      Transducer model = load(name, false);
      model.train(!mode.isEmpty());
      model.disableDropout(true);
      model.preprocessor().train(false);
      Features f = model.features(Goldens.tensor(g, "audio"), Goldens.tensor(g, "audio_lengths"));
      Encoded enc = model.transcribe(f);
      if (!mode.isEmpty()) {
        Goldens.assertClose(enc.values(), Goldens.tensor(g, "train.encoded"), TOL, name + " train.encoded");
      }
      Tensor labels = Goldens.tensor(g, "labels");
      Tensor logits = model.join(enc.values(), model.predict(labels));
      try (TransducerLoss loss = new TransducerLoss(Reduction.MEAN_BATCH, 0, -1)) {
        TransducerLoss.Value v = loss.compute(logits, labels, enc.lengths(), Goldens.tensor(g, "label_lengths"));
        double expected = Goldens.tensor(g, mode + "loss").item();
        assertEquals(expected, v.value(), TOL * Math.abs(expected), name + " " + mode + "loss");
        v.loss().backward();
      }
      Map<String, Tensor> params = model.namedParameters();
      for (String key : g.tensors().keySet()) {
        if (key.startsWith(mode + "grad.") && !key.endsWith("joint_logits") && (mode.isEmpty() ? !key.startsWith("train.") : true)) {
          String param = key.substring((mode + "grad.").length());
          Goldens.assertClose(params.get(param).grad(), Goldens.tensor(g, key), TOL, name + " " + key);
        }
      }
      if (!mode.isEmpty()) {
        Map<String, Tensor> state = model.stateDict();
        for (String key : g.tensors().keySet()) {
          if (key.startsWith("train.after_step.")) {
            String buffer = key.substring("train.after_step.".length());
            if (buffer.endsWith("num_batches_tracked")) {
              assertArrayEquals(Goldens.tensor(g, key).toLongArray(), state.get(buffer).toLongArray(), key);
            } else {
              Goldens.assertClose(state.get(buffer), Goldens.tensor(g, key), TOL, name + " " + key);
            }
          }
        }
      }
    }
  }
}

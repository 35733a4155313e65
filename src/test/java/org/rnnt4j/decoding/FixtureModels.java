package org.rnnt4j.decoding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.checkpoint.nemo.NemoContents;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * The NeMo fixture models of src/test/resources/nemo (eval mode) and their golden encoder output for the
 * two fixture utterances, which the decoding goldens were computed from.
 */
final class FixtureModels {
  static final String[] NAMES = {"contextnet_tiny", "contextnet_strided_tiny", "conformer_tiny", "fastconformer_tiny"};
  private static final Map<String, Transducer> MODELS = new ConcurrentHashMap<>();

  private FixtureModels() {}

  static Transducer model(String name) {
    return MODELS.computeIfAbsent(name, FixtureModels::load);
  }

  /** The fixture's {@code encoded} (2, H_enc, T) and {@code encoded_lengths} (2). */
  static Encoded encoded(String name) {
    SafeTensorsFile g = Goldens.nemoGoldens(name);
    return new Encoded(Goldens.tensor(g, "encoded"), Goldens.tensor(g, "encoded_lengths"));
  }

  private static Transducer load(String name) {
    NemoContents nemo = NemoArchive.read(Goldens.resource("nemo/" + name + ".nemo"));
    ConfigNode config =
        ConfigNode.parse(nemo.modelConfigYaml(), name + ".nemo/model_config.yaml").modelSection().withOverride("spec_augment", null);
    Transducer model = Transducers.build(TransducerConfigBinder.bind(config), 128, 0);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    nemo.stateDict().forEach((k, v) -> weights.put(k, org.rnnt4j.engine.Arrays.toTensor(v)));
    model.loadStateDict(weights, true);
    model.train(false);
    return model;
  }
}

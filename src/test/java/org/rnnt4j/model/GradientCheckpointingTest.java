package org.rnnt4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.checkpoint.nemo.NemoContents;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Autocast;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.features.Features;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.encoder.Encoded;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * {@code gradient_checkpointing} changes memory, not numbers: one training step (train mode, dropout
 * on, BatchNorm on batch statistics) of the dummy ContextNet (conf/contextnet_rnnt_tiny.yaml) and of the
 * Conformer fixture (src/test/resources/nemo/conformer_tiny.nemo) with checkpointed encoder blocks gives
 * the loss and every parameter gradient of the plain step (1e-6, the reference being libtorch's own
 * backward over the whole graph), and leaves the BatchNorm running statistics and batch counts exactly
 * as the plain step does (the recomputation must not update them a second time). The batch is the
 * fixture goldens' two utterances with their labels.
 */
class GradientCheckpointingTest {
  private static final long SEED = 1234L;
  private static final int VOCAB = 128;

  private record Step(double loss, Map<String, float[]> gradients, Map<String, float[]> buffers) {}

  private static Step step(Transducer model, boolean checkpointing, DType autocast) {
    SafeTensorsFile g = Goldens.nemoGoldens("conformer_tiny");
    model.encoder().gradientCheckpointing(checkpointing);
    model.train(true);
    model.preprocessor().train(false); // no dither: the features are the same either way
    System.out.println("seed " + SEED);
    Engine.seed(SEED); // the dropout masks of both runs
    try (TensorScope scope = new TensorScope()) {
      Features f = model.features(Goldens.tensor(g, "audio"), Goldens.tensor(g, "audio_lengths"));
      double value;
      try (TransducerLoss loss = new TransducerLoss(Reduction.MEAN_BATCH, 0, -1)) {
        TransducerLoss.Value v;
        // mixed precision: the forward pass under autocast, the backward (and so the recomputation) outside it
        try (Autocast mixed = autocast == null ? null : Autocast.enable(Device.CPU, autocast)) {
          Encoded enc = model.transcribe(f);
          Tensor labels = Goldens.tensor(g, "labels");
          Tensor logits = model.join(enc.values(), model.predict(labels));
          v = loss.compute(logits, labels, enc.lengths(), Goldens.tensor(g, "label_lengths"));
        }
        value = v.value();
        v.loss().backward();
      }
      Map<String, float[]> gradients = new LinkedHashMap<>();
      model.namedParameters().forEach((name, p) -> {
        if (p.grad() != null) {
          gradients.put(name, p.grad().toFloatArray());
        }
      });
      Map<String, float[]> buffers = new LinkedHashMap<>();
      model.stateDict().forEach((name, t) -> {
        if (!model.namedParameters().containsKey(name)) {
          buffers.put(name, t.toFloatArray());
        }
      });
      return new Step(value, gradients, buffers);
    }
  }

  private static void assertSameStep(Supplier<Transducer> build, String what) {
    assertSameStep(build, what, null);
  }

  private static void assertSameStep(Supplier<Transducer> build, String what, DType autocast) {
    Step plain = step(build.get(), false, autocast);
    Step checkpointed = step(build.get(), true, autocast);
    assertEquals(plain.loss(), checkpointed.loss(), 0.0, what + " loss");
    assertEquals(plain.gradients().keySet(), checkpointed.gradients().keySet(), what + " parameters with gradients");
    double worst = 0;
    for (var e : plain.gradients().entrySet()) {
      float[] a = e.getValue();
      float[] b = checkpointed.gradients().get(e.getKey());
      double scale = 1e-30;
      double diff = 0;
      for (int i = 0; i < a.length; i++) {
        scale = Math.max(scale, Math.abs(a[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      worst = Math.max(worst, diff / Math.max(1.0, scale));
      assertTrue(diff <= 1e-6 * Math.max(1.0, scale), what + " " + e.getKey() + ": max |diff| " + diff + ", max |g| " + scale);
    }
    System.out.printf("%s: %d gradients, worst difference %.3g%n", what, plain.gradients().size(), worst);
    assertTrue(plain.buffers().size() > 0, what + " has BatchNorm buffers");
    for (var e : plain.buffers().entrySet()) {
      assertArrayEquals(e.getValue(), checkpointed.buffers().get(e.getKey()), 0f, what + " buffer " + e.getKey());
    }
  }

  @Test
  void dummyContextNetStepIsUnchanged() {
    ConfigNode conf = ConfigNode.load(Path.of("conf/contextnet_rnnt_tiny.yaml")).modelSection().withOverride("spec_augment", null);
    assertSameStep(
        () -> {
          Engine.seed(SEED); // the initial weights
          return Transducers.build(TransducerConfigBinder.bind(conf), VOCAB, SEED);
        },
        "contextnet_rnnt_tiny");
  }

  @Test
  void conformerFixtureStepIsUnchanged() {
    assertSameStep(conformerFixture(), "conformer_tiny");
  }

  /** The recomputation runs in the first run's autocast state, though the backward pass runs outside it. */
  @Test
  void conformerFixtureStepIsUnchangedUnderBfloat16Autocast() {
    assertSameStep(conformerFixture(), "conformer_tiny bf16", DType.BFLOAT16);
  }

  private static Supplier<Transducer> conformerFixture() {
    NemoContents nemo = NemoArchive.read(Goldens.resource("nemo/conformer_tiny.nemo"));
    ConfigNode conf =
        ConfigNode.parse(nemo.modelConfigYaml(), "conformer_tiny.nemo/model_config.yaml").modelSection().withOverride("spec_augment", null);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    nemo.stateDict().forEach((k, v) -> weights.put(k, org.rnnt4j.engine.Arrays.toTensor(v)));
    return () -> {
      Transducer model = Transducers.build(TransducerConfigBinder.bind(conf), VOCAB, 0);
      model.loadStateDict(weights, true);
      return model;
    };
  }
}

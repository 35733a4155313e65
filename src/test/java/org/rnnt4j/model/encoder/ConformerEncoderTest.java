package org.rnnt4j.model.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.model.encoder.ConformerConfig.ContextSize;
import org.rnnt4j.model.encoder.ConformerConfig.SubsamplingKind;
import org.rnnt4j.testing.Goldens;

/**
 * Behaviour of the Conformer encoder beyond the fixture goldens, on small randomly initialised encoders
 * (d_model 32, 2 layers, 4 heads, 20 mel bands; seeds fixed per test): padding invariance, lengths,
 * limited and causal contexts, the optional modules' state keys, and edge inputs.
 */
class ConformerEncoderTest {
  private static final int MELS = 20;

  private static ConformerConfig config(
      SubsamplingKind kind, ContextSize attention, ContextSize conv, ConformerConfig.ConvNorm norm, boolean bias, int featOut) {
    int factor = kind == SubsamplingKind.STRIDING ? 4 : 8;
    return new ConformerConfig(
        MELS, 2, 32, featOut, new ConformerConfig.Subsampling(kind, factor, 16), 4, 4, attention, true, 5, norm, conv, bias,
        new ConformerConfig.Dropouts(0.1, 0.1, 0.1, 0.1), ConformerConfig.StochasticDepth.OFF);
  }

  private static ConformerConfig config(SubsamplingKind kind) {
    return config(kind, ContextSize.UNLIMITED, new ContextSize(2, 2), ConformerConfig.ConvNorm.BATCH_NORM, true, -1);
  }

  private static ConformerEncoder encoder(ConformerConfig c, long seed) {
    Engine.seed(seed);
    ConformerEncoder e = new ConformerEncoder(c);
    e.train(false);
    return e;
  }

  private static Encoded encode(ConformerEncoder e, Tensor features, long... lengths) {
    try (NoGrad ignored = new NoGrad()) {
      return e.encode(features, Tensor.ofLongs(lengths, lengths.length));
    }
  }

  @ParameterizedTest
  @EnumSource(SubsamplingKind.class)
  void eachUtteranceEncodesAsInABatchOfOne(SubsamplingKind kind) {
    ConformerEncoder e = encoder(config(kind), 11);
    Engine.seed(12);
    Tensor batch = Tensor.randn(2, MELS, 67); // the second utterance has 41 valid frames, then noise
    Encoded both = encode(e, batch, 67, 41);
    Encoded alone = encode(e, batch.narrow(0, 1, 1).narrow(2, 0, 41).contiguous(), 41);
    long valid = alone.lengths().toLongArray()[0];
    assertEquals(valid, both.lengths().toLongArray()[1]);
    Tensor fromBatch = both.values().narrow(0, 1, 1).narrow(2, 0, valid);
    double err = Goldens.relativeError(fromBatch.toFloatArray(), alone.values().narrow(2, 0, valid).toFloatArray());
    assertTrue(err < 1e-5, kind + ": padded frames leaked into valid ones, relative error " + err);
  }

  @Test
  void lengthsFollowEachStride2Convolution() {
    assertArrayEquals(
        new int[] {0, 1, 1, 2, 2, 3, 50}, java.util.stream.IntStream.of(0, 1, 2, 3, 4, 5, 100).map(ConvSubsampling::outputLength).toArray());
    ConformerEncoder striding = encoder(config(SubsamplingKind.STRIDING), 1);
    Encoded s = encode(striding, Tensor.randn(4, MELS, 33), 33, 9, 1, 0);
    assertArrayEquals(new long[] {4, 32, 9}, s.values().shape());
    assertArrayEquals(new long[] {9, 3, 1, 0}, s.lengths().toLongArray()); // ceil(len / 4)
    ConformerEncoder fast = encoder(config(SubsamplingKind.DW_STRIDING), 1);
    Encoded f = encode(fast, Tensor.randn(4, MELS, 33), 33, 9, 1, 0);
    assertArrayEquals(new long[] {4, 32, 5}, f.values().shape());
    assertArrayEquals(new long[] {5, 2, 1, 0}, f.lengths().toLongArray()); // ceil(len / 8)
    assertFalse(hasNaN(f.values()), "a zero-length utterance attends to nothing, without NaN");
  }

  @Test
  void oneFrameInputGivesOneFrame() {
    Encoded out = encode(encoder(config(SubsamplingKind.DW_STRIDING), 3), Tensor.randn(1, MELS, 1), 1);
    assertArrayEquals(new long[] {1, 32, 1}, out.values().shape());
    assertArrayEquals(new long[] {1}, out.lengths().toLongArray());
    assertFalse(hasNaN(out.values()));
  }

  @Test
  void causalContextsDoNotSeeTheFuture() {
    ConformerConfig causal =
        config(SubsamplingKind.STRIDING, new ContextSize(-1, 0), new ContextSize(4, 0), ConformerConfig.ConvNorm.BATCH_NORM, true, -1);
    ConformerEncoder e = encoder(causal, 5);
    Engine.seed(6);
    Tensor x = Tensor.randn(1, MELS, 64);
    // Output frame t' of the 4x subsampling reads feature frames up to 4t'+3: perturb frames 40.. only.
    Tensor perturbed = Tensor.cat(List.of(x.narrow(2, 0, 40), Tensor.randn(1, MELS, 24)), 2);
    Tensor before = encode(e, x, 64).values().narrow(2, 0, 10);
    Tensor after = encode(e, perturbed, 64).values().narrow(2, 0, 10);
    assertEquals(0.0, Goldens.relativeError(after.toFloatArray(), before.toFloatArray()), 1e-6);
    ConformerEncoder full = encoder(config(SubsamplingKind.STRIDING), 5);
    double changed = Goldens.relativeError(
        encode(full, perturbed, 64).values().narrow(2, 0, 10).toFloatArray(),
        encode(full, x, 64).values().narrow(2, 0, 10).toFloatArray());
    assertTrue(changed > 1e-3, "with unlimited context the early frames do see the change, got " + changed);
  }

  @Test
  void optionalModulesHaveNemosStateKeys() {
    ConformerEncoder plain = encoder(config(SubsamplingKind.DW_STRIDING), 1);
    Set<String> keys = plain.stateDict().keySet();
    assertEquals(
        List.of("pre_encode.out.weight", "pre_encode.out.bias", "pre_encode.conv.0.weight", "pre_encode.conv.0.bias",
            "pre_encode.conv.2.weight", "pre_encode.conv.2.bias", "pre_encode.conv.3.weight", "pre_encode.conv.3.bias",
            "pre_encode.conv.5.weight", "pre_encode.conv.5.bias", "pre_encode.conv.6.weight", "pre_encode.conv.6.bias"),
        keys.stream().filter(k -> k.startsWith("pre_encode.")).toList());
    assertArrayEquals(new long[] {32, 16 * 3}, plain.stateDict().get("pre_encode.out.weight").shape()); // F' = 20 -> 10 -> 5 -> 3
    assertTrue(keys.contains("layers.1.conv.batch_norm.running_var"));
    assertEquals(32, plain.hiddenSize());

    ConformerEncoder variant =
        encoder(config(SubsamplingKind.STRIDING, ContextSize.UNLIMITED, new ContextSize(2, 2), ConformerConfig.ConvNorm.LAYER_NORM, false, 24), 1);
    Set<String> vkeys = variant.stateDict().keySet();
    assertTrue(vkeys.contains("layers.0.conv.batch_norm.weight") && !vkeys.contains("layers.0.conv.batch_norm.running_mean"));
    assertFalse(vkeys.contains("layers.0.self_attn.linear_q.bias"), "use_bias false drops the layer biases");
    assertFalse(vkeys.contains("layers.0.feed_forward1.linear1.bias"));
    assertTrue(vkeys.contains("layers.0.self_attn.pos_bias_u") && vkeys.contains("pre_encode.conv.0.bias"));
    assertTrue(vkeys.contains("out_proj.weight"));
    assertEquals(24, variant.hiddenSize());
    Encoded out = encode(variant, Tensor.randn(2, MELS, 16), 16, 10);
    assertArrayEquals(new long[] {2, 24, 4}, out.values().shape());
  }

  @Test
  void everyParameterGetsAGradientInTrainingWithDropoutAndStochasticDepth() {
    ConformerConfig base = config(SubsamplingKind.DW_STRIDING);
    ConformerConfig deep =
        new ConformerConfig(
            base.featIn(), base.layers(), base.dModel(), base.featOut(), base.subsampling(), base.ffExpansionFactor(),
            base.heads(), base.attentionContext(), base.xscaling(), base.convKernelSize(), base.convNorm(),
            base.convContext(), base.useBias(), base.dropouts(),
            new ConformerConfig.StochasticDepth(0.5, ConformerConfig.DepthMode.UNIFORM, 1));
    Engine.seed(21);
    ConformerEncoder e = new ConformerEncoder(deep);
    e.train(true);
    Encoded out = e.encode(Tensor.randn(2, MELS, 50), Tensor.ofLongs(new long[] {50, 30}, 2));
    assertFalse(hasNaN(out.values()));
    out.values().square().sum().backward();
    e.namedParameters().forEach((name, p) -> {
      assertTrue(p.grad() != null, name + " has no gradient");
      assertFalse(hasNaN(p.grad()), name + " has a NaN gradient");
    });
  }

  @Test
  void stochasticDepthProbabilitiesAreNemos() {
    var linear = new ConformerConfig.StochasticDepth(0.3, ConformerConfig.DepthMode.LINEAR, 1);
    List<Double> p = linear.layerProbabilities(4);
    assertEquals(4, p.size());
    assertEquals(0.0, p.get(0));
    assertEquals(0.1, p.get(1), 1e-12);
    assertEquals(0.2, p.get(2), 1e-12);
    assertEquals(0.3, p.get(3), 1e-12);
    assertEquals(
        List.of(0.0, 0.0, 0.5, 0.5),
        new ConformerConfig.StochasticDepth(0.5, ConformerConfig.DepthMode.UNIFORM, 2).layerProbabilities(4));
    assertThrows(IllegalArgumentException.class, () -> linear.layerProbabilities(0));
  }

  @Test
  void wrongInputsAreRejectedWithTheirShapes() {
    ConformerEncoder e = encoder(config(SubsamplingKind.STRIDING), 1);
    IllegalArgumentException wrongMels =
        assertThrows(IllegalArgumentException.class, () -> e.encode(Tensor.randn(1, 80, 10), Tensor.ofLongs(new long[] {10}, 1)));
    assertTrue(wrongMels.getMessage().contains("(B, 20, T)") && wrongMels.getMessage().contains("[1, 80, 10]"), wrongMels.getMessage());
    assertThrows(IllegalArgumentException.class, () -> e.encode(Tensor.randn(2, MELS, 10), Tensor.ofLongs(new long[] {10}, 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> config(SubsamplingKind.STRIDING, ContextSize.UNLIMITED, new ContextSize(2, 1), ConformerConfig.ConvNorm.BATCH_NORM, true, -1));
  }

  private static boolean hasNaN(Tensor t) {
    for (float v : t.toFloatArray()) {
      if (Float.isNaN(v)) {
        return true;
      }
    }
    return false;
  }
}

package org.rnnt4j.loading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.features.MelConfig;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.nn.Module;

/**
 * {@code rnnt4j info}: what a saved model is. The architecture (the NeMo classes its config names and
 * their main sizes), parameter counts per top-level module (as NeMo's {@code
 * ModelPT.summarize()} counts them), the vocabulary and the audio front end.
 *
 * @param parameters parameter count per top-level module ({@code preprocessor}, {@code encoder},
 *     {@code decoder}, {@code joint}) in registration order; buffers are not counted
 */
public record ModelSummary(
    String source,
    String format,
    String architecture,
    String encoder,
    String decoder,
    String joint,
    Map<String, Long> parameters,
    long totalParameters,
    int vocabularySize,
    String tokenizer,
    MelConfig preprocessor) {

  /** Encoder config keys worth showing, when present (ConvASREncoder and ConformerEncoder). */
  private static final List<String> ENCODER_KEYS =
      List.of("feat_in", "d_model", "n_layers", "n_heads", "subsampling", "subsampling_factor", "conv_kernel_size", "activation");

  public static ModelSummary of(LoadedModel loaded) {
    ConfigNode c = loaded.saved().config();
    Transducer model = loaded.model();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<String, Module> child : model.children().entrySet()) {
      if (!child.getKey().equals("spec_augmentation")) {
        counts.put(child.getKey(), child.getValue().parameterCount());
      }
    }
    return new ModelSummary(
        loaded.saved().location().path().toString(),
        loaded.saved().location().format().name().toLowerCase(Locale.ROOT),
        shortName(c.findString("target").orElse("EncDecRNNTBPEModel")),
        describeEncoder(c),
        shortName(c.findString("decoder._target_").orElse("RNNTDecoder"))
            + describe(c, "decoder.prednet", List.of("pred_hidden", "pred_rnn_layers")),
        shortName(c.findString("joint._target_").orElse("RNNTJoint"))
            + describe(c, "joint.jointnet", List.of("joint_hidden", "activation")),
        counts,
        model.parameterCount(),
        loaded.tokenizer().vocabSize(),
        loaded.saved().tokenizerFiles().directoryName(),
        loaded.config().preprocessor());
  }

  /** Human-readable lines, {@code key: value}. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("model: " + source + " (" + format + ")");
    out.add("architecture: " + architecture);
    out.add("encoder: " + encoder);
    out.add("decoder: " + decoder);
    out.add("joint: " + joint);
    // Locale.ROOT: the same digits and grouping (74,705) on every machine, for readers and scripts alike
    out.add(String.format(Locale.ROOT, "parameters: %,d", totalParameters));
    parameters.forEach((module, n) -> out.add(String.format(Locale.ROOT, "  %s: %,d", module, n)));
    out.add("vocabulary: " + vocabularySize + " pieces + blank (id " + vocabularySize + "), tokenizer " + tokenizer);
    out.add("sample_rate: " + preprocessor.sampleRate());
    out.add(String.format(
        "features: %d mel bands, window %s s, stride %s s", preprocessor.features(), preprocessor.windowSize(), preprocessor.windowStride()));
    return out;
  }

  private static String describeEncoder(ConfigNode c) {
    String name = shortName(c.findString("encoder._target_").orElse("?"));
    StringBuilder details = new StringBuilder(describe(c, "encoder", ENCODER_KEYS));
    if (c.has("encoder.jasper")) {
      List<ConfigNode> blocks = c.getList("encoder.jasper");
      String blockText = blocks.size() + " blocks";
      details = new StringBuilder(details.length() == 0 ? " (" + blockText + ")" : details.substring(0, details.length() - 1) + ", " + blockText + ")");
    }
    return name + details;
  }

  private static String describe(ConfigNode c, String section, List<String> keys) {
    List<String> parts = new ArrayList<>();
    if (c.has(section) && c.child(section).toResolvedValue() instanceof Map<?, ?> values) {
      for (String key : keys) {
        Object value = values.get(key);
        if (value != null && !(value instanceof Map) && !(value instanceof List)) {
          parts.add(key + " " + value);
        }
      }
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static String shortName(String target) {
    return target.substring(target.lastIndexOf('.') + 1);
  }
}

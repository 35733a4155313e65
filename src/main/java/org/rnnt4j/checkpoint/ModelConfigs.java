package org.rnnt4j.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.config.ConfigNode;

/**
 * The values NeMo's {@code EncDecRNNTBPEModel} adds to a model config when it is built, so that a saved
 * config describes the saved weights on its own: the vocabulary ({@code labels}, {@code
 * decoder.vocab_size}, {@code joint.num_classes}, {@code joint.vocabulary}), the joint's input sizes
 * from {@code model_defaults}, and the class NeMo's {@code restore_from} instantiates ({@code target}).
 */
public final class ModelConfigs {
  /** The class NeMo builds from a {@code .nemo} whose config names no other. */
  public static final String NEMO_TARGET = "nemo.collections.asr.models.rnnt_bpe_models.EncDecRNNTBPEModel";

  private ModelConfigs() {}

  /**
   * @param model the model section
   * @param vocabulary the tokenizer's pieces in id order (without the blank)
   */
  public static ConfigNode withVocabulary(ConfigNode model, List<String> vocabulary) {
    ConfigNode c =
        model
            .withOverride("labels", vocabulary)
            .withOverride("decoder.vocab_size", vocabulary.size())
            .withOverride("joint.num_classes", vocabulary.size())
            .withOverride("joint.vocabulary", vocabulary);
    if (c.has("joint.jointnet") && c.has("model_defaults.enc_hidden") && !c.has("joint.jointnet.encoder_hidden")) {
      c = c.withOverride("joint.jointnet.encoder_hidden", c.getLong("model_defaults.enc_hidden"));
    }
    if (c.has("joint.jointnet") && c.has("model_defaults.pred_hidden") && !c.has("joint.jointnet.pred_hidden")) {
      c = c.withOverride("joint.jointnet.pred_hidden", c.getLong("model_defaults.pred_hidden"));
    }
    if (!c.has("target")) {
      c = c.withOverride("target", NEMO_TARGET);
    }
    return c;
  }

  /**
   * The {@code tokenizer:} section of a saved config.
   *
   * @param dir {@code tokenizer.dir}: NeMo keeps the training-time path; rnnt4j directories name the
   *     tokenizer folder inside the model directory
   * @param artifacts extra keys (NeMo's {@code model_path}, {@code vocab_path}, {@code
   *     spe_tokenizer_vocab} with {@code nemo:} values), in order
   */
  public static ConfigNode withTokenizer(ConfigNode model, String dir, Map<String, String> artifacts) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("dir", dir);
    section.put("type", "bpe");
    section.putAll(artifacts);
    return model.withOverride("tokenizer", section);
  }
}

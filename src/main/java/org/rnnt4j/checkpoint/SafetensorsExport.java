package org.rnnt4j.checkpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.SafeTensors;

/**
 * Writes a model for Hugging Face users: {@code model.safetensors} (the state dict under NeMo's keys, in
 * state-dict order, float32 and int64, {@code __metadata__ {"format": "pt"}} as {@code
 * safetensors.torch.save_file} writes it) and {@code config.json}. There is no Transformers class for
 * NeMo transducers, so {@code config.json} carries the essentials as top-level fields and the full
 * NeMo model section under {@code nemo_config} (from which NeMo or rnnt4j rebuild the network); the
 * tokenizer stays in its {@code tokenizer_spe_bpe_v{N}/} directory beside them.
 */
public final class SafetensorsExport {
  public static final String WEIGHTS = "model.safetensors";
  public static final String CONFIG = "config.json";

  private SafetensorsExport() {}

  /**
   * @param modelConfig the model section the weights were trained with
   * @param vocabulary the tokenizer's pieces (without the blank)
   */
  public static void write(
      Path dir, ConfigNode modelConfig, TorchCheckpoint weights, List<String> vocabulary, String tokenizerDir) {
    SafeTensors.write(dir.resolve(WEIGHTS), weights.stateDict(), Map.of("format", "pt"));
    ConfigNode config = ModelConfigs.withVocabulary(modelConfig, vocabulary);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model_type", "nemo-rnnt");
    json.put("architectures", List.of(config.findString("target").orElse(ModelConfigs.NEMO_TARGET).replaceFirst(".*\\.", "")));
    json.put("encoder", config.findString("encoder._target_").orElse("").replaceFirst(".*\\.", ""));
    json.put("vocab_size", vocabulary.size() + 1);
    json.put("blank_token_id", vocabulary.size());
    json.put("sample_rate", config.findInt("preprocessor.sample_rate").orElse(config.findInt("sample_rate").orElse(16000)));
    json.put("tokenizer_dir", tokenizerDir);
    json.put("library_name", "rnnt4j");
    json.put("nemo_config", config.toResolvedValue());
    Json.write(dir.resolve(CONFIG), json);
  }
}

package org.rnnt4j.checkpoint.training;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.rnnt4j.checkpoint.ModelDirectory;
import org.rnnt4j.checkpoint.TokenizerFiles;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.nemo.TorchCheckpointReader;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.Json;

/**
 * The model part of a checkpoint: what {@link ModelDirectory} writes, so that {@code checkpoint-N/} is
 * also a model directory ({@code rnnt4j evaluate --model out/checkpoint-N}).
 *
 * @param weights the state dict with its {@code _metadata}, in host memory
 * @param config the model section as saved: with the vocabulary and {@code tokenizer.dir} (see {@link #of})
 * @param tokenizer the tokenizer's files
 * @param provenance what {@code rnnt4j.json} records besides its header (versions, seed, command line),
 *     held as JSON gives it back
 */
public record ModelSnapshot(
    TorchCheckpoint weights, ConfigNode config, TokenizerFiles tokenizer, Map<String, Object> provenance) {
  public ModelSnapshot {
    Checks.notNull(weights, "weights");
    Checks.notNull(config, "config");
    Checks.notNull(tokenizer, "tokenizer");
    provenance =
        Collections.unmodifiableMap(
            Json.mapper().convertValue(Json.parse(Json.compact(Checks.notNull(provenance, "provenance"))), new TypeReference<>() {}));
  }

  /** A snapshot whose config is put in its saved form first, as {@link ModelDirectory#savedConfig} makes it. */
  public static ModelSnapshot of(
      TorchCheckpoint weights, ConfigNode modelConfig, TokenizerFiles tokenizer, Map<String, Object> provenance) {
    return new ModelSnapshot(weights, ModelDirectory.savedConfig(modelConfig, tokenizer), tokenizer, provenance);
  }

  void write(Path dir) {
    ModelDirectory.writeFiles(dir, weights, config, tokenizer, provenance);
  }

  static ModelSnapshot read(Path dir) {
    ConfigNode config = ModelDirectory.readConfig(dir);
    TokenizerFiles tokenizer = TokenizerFiles.read(ModelDirectory.tokenizerDir(dir, config));
    TorchCheckpoint weights = TorchCheckpointReader.readCheckpoint(dir.resolve(ModelDirectory.WEIGHTS));
    return new ModelSnapshot(weights, config, tokenizer, ModelDirectory.readProvenance(dir));
  }

  /** Configs compare by their YAML, since {@link ConfigNode} has no value equality. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ModelSnapshot that
        && weights.equals(that.weights)
        && config.toYaml().equals(that.config.toYaml())
        && tokenizer.equals(that.tokenizer)
        && provenance.equals(that.provenance);
  }

  @Override
  public int hashCode() {
    return weights.hashCode() * 31 + tokenizer.hashCode();
  }
}

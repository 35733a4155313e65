package org.rnnt4j.checkpoint.nemo;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * Everything a {@code .nemo} archive holds, as {@link NemoArchive#read} returns it: NeMo's {@code
 * model_config.yaml} text, the {@code model_weights.ckpt} state dict and every other file (the
 * artifacts the config refers to with {@code nemo:} values).
 *
 * @param source the archive read
 * @param modelConfigYaml the text of {@code model_config.yaml}; interpreting it is the config
 *     layer's job
 * @param weights the state dict (tensors may be memory-mapped views of the archive) and its
 *     metadata
 * @param artifacts archive path (e.g. {@code 8914c27b..._tokenizer.model}) to content, sorted by
 *     path; the arrays are copied in and out
 */
public record NemoContents(
    Path source, String modelConfigYaml, TorchCheckpoint weights, Map<String, byte[]> artifacts) {
  public NemoContents {
    Checks.notNull(source, "source");
    Checks.notNull(modelConfigYaml, "modelConfigYaml");
    Checks.notNull(weights, "weights");
    artifacts = deepCopy(Checks.notNull(artifacts, "artifacts"));
  }

  @Override
  public Map<String, byte[]> artifacts() {
    return deepCopy(artifacts);
  }

  /** The state dict in state-dict order (a fresh map). */
  public LinkedHashMap<String, NamedArray> stateDict() {
    return weights.stateDictCopy();
  }

  /**
   * The content of the artifact a config value refers to, {@code nemo:<name>} (see {@link
   * NemoArtifactNames#artifactName}).
   *
   * @throws FormatException naming the archive if it holds no such file
   */
  public byte[] resolveArtifact(String configValue) {
    String name = NemoArtifactNames.artifactName(configValue);
    byte[] content = artifacts.get(name);
    if (content == null) {
      throw new FormatException(
          source.toString(),
          "config value '"
              + configValue
              + "' names artifact '"
              + name
              + "', but the archive holds only "
              + artifacts.keySet());
    }
    return content.clone();
  }

  private static Map<String, byte[]> deepCopy(Map<String, byte[]> original) {
    TreeMap<String, byte[]> copy = new TreeMap<>();
    original.forEach((name, content) -> copy.put(name, content.clone()));
    return Collections.unmodifiableMap(copy);
  }
}

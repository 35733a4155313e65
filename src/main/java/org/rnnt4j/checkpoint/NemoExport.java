package org.rnnt4j.checkpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.checkpoint.nemo.NemoArtifact;
import org.rnnt4j.checkpoint.nemo.NemoArtifactNames;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.util.Checks;

/**
 * Writes a model as a {@code .nemo} that NeMo's {@code restore_from} accepts, in the layout of its
 * {@code SaveRestoreConnector}: {@code model_config.yaml} with the vocabulary NeMo adds at build time
 * ({@link ModelConfigs#withVocabulary}) and the tokenizer files referenced as NeMo registers artifacts
 * ({@code tokenizer.model_path: nemo:<uuid hex>_tokenizer.model}, {@code vocab_path: nemo:<uuid
 * hex>_vocab.txt}, {@code spe_tokenizer_vocab: nemo:<uuid hex>_tokenizer.vocab}; {@code tokenizer.dir}
 * keeps the training-time path, which NeMo ignores on restore), {@code model_weights.ckpt} (a
 * {@code torch.save} zip under the {@code model_weights/} prefix, state-dict order, {@code _metadata})
 * and the three tokenizer files. The archive is written atomically.
 */
public final class NemoExport {
  /** The file name rnnt4j gives the archive inside an output directory. */
  public static final String FILE_NAME = "model.nemo";

  private NemoExport() {}

  /**
   * @param modelConfig the model section the weights were trained with
   * @param weights the state dict (see {@link ModelWeights})
   * @return the config written into the archive
   */
  public static ConfigNode write(Path nemoFile, ConfigNode modelConfig, TorchCheckpoint weights, TokenizerFiles tokenizer) {
    Checks.notNull(modelConfig, "modelConfig");
    Checks.notNull(tokenizer, "tokenizer");
    List<String> vocabulary = tokenizer.tokenizer().pieces();
    Map<String, String> names =
        NemoArtifactNames.uniqueNames(List.of(TokenizerFiles.MODEL, TokenizerFiles.NEMO_VOCAB, TokenizerFiles.SPM_VOCAB));
    Map<String, String> references = new LinkedHashMap<>();
    references.put("model_path", NemoArtifactNames.reference(names.get(TokenizerFiles.MODEL)));
    references.put("vocab_path", NemoArtifactNames.reference(names.get(TokenizerFiles.NEMO_VOCAB)));
    references.put("spe_tokenizer_vocab", NemoArtifactNames.reference(names.get(TokenizerFiles.SPM_VOCAB)));
    ConfigNode config =
        ModelConfigs.withTokenizer(
            ModelConfigs.withVocabulary(modelConfig, vocabulary), trainingTimeDir(modelConfig, tokenizer), references);
    Map<String, NemoArtifact> artifacts = new LinkedHashMap<>();
    artifacts.put(names.get(TokenizerFiles.MODEL), NemoArtifact.of(tokenizer.model()));
    artifacts.put(names.get(TokenizerFiles.NEMO_VOCAB), NemoArtifact.of(tokenizer.nemoVocab()));
    artifacts.put(names.get(TokenizerFiles.SPM_VOCAB), NemoArtifact.of(tokenizer.spmVocab()));
    NemoArchive.write(nemoFile, config.toYaml(), weights, artifacts);
    return config;
  }

  private static String trainingTimeDir(ConfigNode config, TokenizerFiles tokenizer) {
    if (config.has("tokenizer.dir") && !config.isNull("tokenizer.dir") && !config.isMissing("tokenizer.dir")) {
      return config.getString("tokenizer.dir");
    }
    return tokenizer.directoryName();
  }
}

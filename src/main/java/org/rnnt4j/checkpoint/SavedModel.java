package org.rnnt4j.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.checkpoint.nemo.NemoArtifactNames;
import org.rnnt4j.checkpoint.nemo.NemoContents;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.nemo.TorchCheckpointReader;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.text.tokenizer.Tokenizer;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;

/**
 * A trained model as read from disk, before any network is built: the model config (the {@code model:}
 * section), the state dict with its {@code _metadata}, and the tokenizer. Nothing is extracted: a
 * {@code .nemo} is read in place (its weights memory-mapped when the tar is uncompressed, the tokenizer
 * artifacts into memory), so a failed read leaves no files behind.
 *
 * @param location where it was read from
 * @param config the model section ({@code labels}, {@code preprocessor}, {@code encoder}, ...)
 * @param weights the state dict under NeMo's keys, in state-dict order
 * @param tokenizerFiles the tokenizer's files, to be written next to a re-saved model
 */
public record SavedModel(ModelLocation location, ConfigNode config, TorchCheckpoint weights, TokenizerFiles tokenizerFiles) {
  public SavedModel {
    Checks.notNull(location, "location");
    Checks.notNull(config, "config");
    Checks.notNull(weights, "weights");
    Checks.notNull(tokenizerFiles, "tokenizerFiles");
  }

  /** Reads the model at a local path ({@link ModelLocation#at}); Hub ids are resolved by the loading layer. */
  public static SavedModel open(String path) {
    return read(ModelLocation.at(path, Path.of(path), ""));
  }

  /**
   * Reads the config, the weights and the tokenizer, and checks that the tokenizer is the one the
   * config was trained with ({@code labels}, {@code decoder.vocab_size}).
   *
   * @throws FormatException naming the file when the archive or directory is not a usable model
   */
  public static SavedModel read(ModelLocation location) {
    SavedModel model =
        location.format() == ModelLocation.Format.NEMO ? readNemo(location) : readDirectory(location);
    model.checkTokenizerMatchesConfig();
    return model;
  }

  /** The tokenizer (parsed afresh from {@link #tokenizerFiles}). */
  public Tokenizer tokenizer() {
    return tokenizerFiles.tokenizer();
  }

  private static SavedModel readNemo(ModelLocation location) {
    Path file = location.path();
    NemoContents nemo = NemoArchive.read(file);
    String source = file + "!/" + NemoArchive.MODEL_CONFIG;
    ConfigNode config = ConfigNode.parse(nemo.modelConfigYaml(), source).modelSection();
    String type = config.findString("tokenizer.type").orElse("bpe");
    if (!type.equals("bpe")) {
      throw new FormatException(file.toString(), "tokenizer.type is '" + type + "'; only SentencePiece (bpe) tokenizers are supported");
    }
    String modelPath =
        config
            .findString("tokenizer.model_path")
            .orElseThrow(
                () -> new FormatException(file.toString(), "model_config.yaml has no tokenizer.model_path (a SentencePiece tokenizer artifact)"));
    byte[] model = nemo.resolveArtifact(modelPath);
    TokenizerFiles tokenizer =
        TokenizerFiles.of(
            directoryName(config),
            model,
            optionalArtifact(nemo, config, "tokenizer.spe_tokenizer_vocab"),
            optionalArtifact(nemo, config, "tokenizer.vocab_path"),
            file + "!/" + NemoArtifactNames.artifactName(modelPath));
    return new SavedModel(location, config, nemo.weights(), tokenizer);
  }

  private static SavedModel readDirectory(ModelLocation location) {
    Path dir = location.path();
    ConfigNode config = ModelDirectory.readConfig(dir);
    TokenizerFiles tokenizer = TokenizerFiles.read(ModelDirectory.tokenizerDir(dir, config));
    Path weights = dir.resolve(ModelDirectory.WEIGHTS);
    if (!Files.isRegularFile(weights)) {
      throw new FormatException(dir.toString(), "not a model directory: " + ModelDirectory.WEIGHTS + " is missing");
    }
    return new SavedModel(location, config, TorchCheckpointReader.readCheckpoint(weights), tokenizer);
  }

  /** An informational artifact (vocabulary lists): derived from the model when absent. */
  private static byte[] optionalArtifact(NemoContents nemo, ConfigNode config, String key) {
    Optional<String> value = config.has(key) && !config.isNull(key) ? config.findString(key) : Optional.empty();
    if (value.isEmpty() || !nemo.artifacts().containsKey(NemoArtifactNames.artifactName(value.get()))) {
      return null;
    }
    return nemo.resolveArtifact(value.get());
  }

  /** The training-time tokenizer directory's name (NeMo keeps its absolute path), or a NeMo-style one. */
  private static String directoryName(ConfigNode config) {
    String dir = config.has("tokenizer.dir") && !config.isNull("tokenizer.dir") ? config.getString("tokenizer.dir") : "";
    String name = dir.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.matches("[A-Za-z0-9._-]+") && !name.matches("\\.+")) {
      return name;
    }
    return "tokenizer";
  }

  private void checkTokenizerMatchesConfig() {
    List<String> pieces = tokenizer().pieces();
    String where = location.path().toString();
    if (config.has("labels") && !config.isNull("labels")) {
      List<String> labels = config.getStringList("labels");
      if (!labels.equals(pieces)) {
        int i = 0;
        while (i < Math.min(labels.size(), pieces.size()) && labels.get(i).equals(pieces.get(i))) {
          i++;
        }
        throw new FormatException(
            where,
            "the tokenizer (" + pieces.size() + " pieces) is not the one the model was trained with (labels: "
                + labels.size() + " pieces); first difference at id " + i);
      }
    }
    if (config.has("decoder.vocab_size") && config.getInt("decoder.vocab_size") != pieces.size()) {
      throw new FormatException(
          where, "decoder.vocab_size is " + config.getInt("decoder.vocab_size") + " but the tokenizer has " + pieces.size() + " pieces");
    }
  }
}

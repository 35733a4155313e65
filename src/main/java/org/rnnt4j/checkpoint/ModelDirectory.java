package org.rnnt4j.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnt4j.checkpoint.nemo.TorchCheckpoint;
import org.rnnt4j.checkpoint.nemo.TorchCheckpointReader;
import org.rnnt4j.checkpoint.nemo.TorchCheckpointWriter;
import org.rnnt4j.checkpoint.nemo.TorchZipLayout;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.engine.Arrays;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.nn.Module;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.Sha256;

/**
 * A saved model as a directory, the unpacked form of a {@code .nemo}: {@code model_config.yaml} (the
 * resolved model section, with the vocabulary and a relative {@code tokenizer.dir}),
 * {@code model_weights.ckpt} (the state dict under NeMo keys in {@code torch.save}'s zip format),
 * the {@code tokenizer_spe_bpe_v{N}/} directory and {@code rnnt4j.json} (provenance). Written to a
 * temporary sibling and renamed into place, so a crash never leaves a half-written model.
 */
public final class ModelDirectory {
  public static final String CONFIG = "model_config.yaml";
  public static final String WEIGHTS = "model_weights.ckpt";
  public static final String PROVENANCE = "rnnt4j.json";
  static final String FORMAT = "rnnt4j-model-directory";
  static final int VERSION = 1;

  private ModelDirectory() {}

  /**
   * Writes the model directory: the config with the tokenizer's vocabulary, the weights, the tokenizer
   * files under {@link TokenizerFiles#directoryName()}, the provenance and the {@code extra} files.
   *
   * @param weights the state dict to save (see {@link ModelWeights#of})
   * @param modelConfig the model section (no {@code model:} root)
   * @param provenance versions, seed, command line and the like
   * @param extra more files to write into the directory (name to writer), e.g. optimizer state
   */
  public static void save(
      Path dir,
      TorchCheckpoint weights,
      ConfigNode modelConfig,
      TokenizerFiles tokenizer,
      Map<String, Object> provenance,
      Map<String, java.util.function.Consumer<Path>> extra) {
    Path parent = dir.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(parent);
      tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp");
      writeFiles(tmp, weights, modelConfig, tokenizer, provenance);
      for (var e : extra.entrySet()) {
        e.getValue().accept(tmp.resolve(e.getKey()));
      }
      replace(tmp, dir);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model to " + dir + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
  }

  /**
   * Writes the model's files into the existing directory {@code dir}, in place and without the
   * temporary-sibling dance: for writers that make a larger directory atomic themselves (training
   * checkpoints). Parameters as {@link #save}.
   */
  public static void writeFiles(
      Path dir, TorchCheckpoint weights, ConfigNode modelConfig, TokenizerFiles tokenizer, Map<String, Object> provenance) {
    for (String key : List.of("format", "version", "weights_sha256")) {
      Checks.argument(!provenance.containsKey(key), "provenance must not set '%s': %s writes it", key, PROVENANCE);
    }
    AtomicFiles.writeString(dir.resolve(CONFIG), savedConfig(modelConfig, tokenizer).toYaml());
    TorchCheckpointWriter.write(dir.resolve(WEIGHTS), "model_weights", weights, TorchZipLayout.WITH_BYTEORDER);
    tokenizer.writeTo(dir.resolve(tokenizer.directoryName()));
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("version", VERSION);
    manifest.put("weights_sha256", Sha256.of(dir.resolve(WEIGHTS)));
    manifest.putAll(provenance);
    Json.write(dir.resolve(PROVENANCE), manifest);
  }

  /**
   * The config as a model directory stores it: {@code modelConfig} with the tokenizer's vocabulary and
   * a {@code tokenizer.dir} naming the tokenizer folder inside the directory. Applying it twice changes
   * nothing.
   */
  public static ConfigNode savedConfig(ConfigNode modelConfig, TokenizerFiles tokenizer) {
    return ModelConfigs.withTokenizer(
        ModelConfigs.withVocabulary(modelConfig, tokenizer.tokenizer().pieces()), tokenizer.directoryName(), Map.of());
  }

  /** The provenance of {@code dir/rnnt4j.json}: every entry but the format header and the checksum. */
  public static Map<String, Object> readProvenance(Path dir) {
    Path file = dir.resolve(PROVENANCE);
    if (!Files.isRegularFile(file)) {
      throw new FormatException(dir.toString(), "not an rnnt4j model directory: " + PROVENANCE + " is missing");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> all = Json.mapper().convertValue(Json.read(file), LinkedHashMap.class);
    all.keySet().removeAll(List.of("format", "version", "weights_sha256"));
    return all;
  }

  /** The model section of {@code dir/model_config.yaml}. */
  public static ConfigNode readConfig(Path dir) {
    Path file = dir.resolve(CONFIG);
    if (!Files.isRegularFile(file)) {
      throw new FormatException(dir.toString(), "not a model directory: " + CONFIG + " is missing");
    }
    return ConfigNode.load(file).modelSection();
  }

  /** The tokenizer directory the config names, inside {@code dir}. */
  public static Path tokenizerDir(Path dir, ConfigNode config) {
    Path tok = dir.resolve(config.getString("tokenizer.dir"));
    if (!Files.isDirectory(tok)) {
      throw new FormatException(dir.toString(), "tokenizer directory " + tok.getFileName() + " named by tokenizer.dir is missing");
    }
    return tok;
  }

  /** The weights as tensors under their state-dict keys. */
  public static Map<String, Tensor> readWeights(Path dir) {
    Path file = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(file)) {
      throw new FormatException(dir.toString(), "not a model directory: " + WEIGHTS + " is missing");
    }
    verify(dir, file);
    Map<String, Tensor> out = new LinkedHashMap<>();
    TorchCheckpointReader.read(file).forEach((k, v) -> out.put(k, Arrays.toTensor(v)));
    return out;
  }

  /** Checks format, version and the weights' checksum recorded in rnnt4j.json, when the file is there. */
  private static void verify(Path dir, Path weights) {
    Path manifest = dir.resolve(PROVENANCE);
    if (!Files.isRegularFile(manifest)) {
      return; // a directory unpacked from a .nemo or written by other tools
    }
    var m = Json.read(manifest);
    if (!FORMAT.equals(m.path("format").asText())) {
      throw new FormatException(manifest.toString(), "format is '" + m.path("format").asText() + "', expected " + FORMAT);
    }
    int version = m.path("version").asInt(-1);
    if (version > VERSION) {
      throw new FormatException(manifest.toString(), "written by a newer rnnt4j (directory version " + version + ", this one reads up to " + VERSION + ")");
    }
    if (version < 1) {
      throw new FormatException(manifest.toString(), "unknown directory version " + version);
    }
    String expected = m.path("weights_sha256").asText();
    String actual = Sha256.of(weights);
    if (!expected.equals(actual)) {
      throw new FormatException(weights.toString(), "checksum mismatch: rnnt4j.json records sha256 " + expected + ", the file has " + actual + " (corrupt or modified)");
    }
  }

  /**
   * Moves the finished temporary directory into place. An existing directory (the run's output_dir, which
   * also holds checkpoints and results) keeps its other entries; each entry the model consists of is
   * replaced by a rename, so none is ever half written, and {@code rnnt4j.json} goes last: a crash
   * between the renames leaves a weights file that does not match the recorded checksum, which loading
   * reports, never a silently mixed model.
   */
  private static void replace(Path tmp, Path dir) throws IOException {
    AtomicFiles.syncTree(tmp);
    if (!Files.exists(dir)) {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.syncDirectory(dir.toAbsolutePath().getParent());
      return;
    }
    List<Path> entries;
    try (var listing = Files.list(tmp)) {
      entries = listing.sorted(java.util.Comparator.comparing((Path p) -> p.getFileName().toString().equals(PROVENANCE))).toList();
    }
    for (Path entry : entries) {
      Path target = dir.resolve(entry.getFileName().toString());
      if (Files.isDirectory(target)) {
        Path old = dir.resolve("." + entry.getFileName() + ".old-" + System.nanoTime());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    deleteTree(tmp);
    AtomicFiles.syncDirectory(dir);
  }

  /** Deletes a directory tree, ignoring what cannot be deleted. */
  public static void deleteTree(Path dir) {
    AtomicFiles.deleteTree(dir);
  }
}

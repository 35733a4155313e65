package org.rnnt4j.checkpoint.nemo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rnnt4j.util.AtomicFiles;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.safetensors.NamedArray;

/**
 * Reads, extracts and writes NVIDIA NeMo {@code .nemo} model archives in the layout of NeMo's
 * {@code SaveRestoreConnector} ({@code nemo/core/connectors/save_restore_connector.py}): a tar
 * (plain, or gzip-compressed from NeMo before 1.7) of {@code ./model_config.yaml}, {@code
 * ./model_weights.ckpt} (a {@code torch.save} state dict under the zip prefix {@code
 * model_weights/}) and the artifact files the config refers to as {@code nemo:<name>}.
 *
 * <p>Unlike NeMo's {@code tarfile.extractall}, nothing is trusted: every member is checked before
 * anything is written (see {@link NemoTar}), the weights are parsed with {@code weights_only}
 * rules, and an extraction that fails leaves the target as it was.
 */
public final class NemoArchive {
  public static final String MODEL_CONFIG = "model_config.yaml";
  public static final String MODEL_WEIGHTS = "model_weights.ckpt";

  /** The zip prefix of {@code model_weights.ckpt}: torch.save names it after the file. */
  public static final String WEIGHTS_PREFIX = "model_weights";

  private NemoArchive() {}

  /**
   * Unpacks {@code nemoFile} into {@code targetDir} (which must be absent or empty) after checking
   * every member and parsing the weights. The files are unpacked into a temporary sibling directory
   * that is renamed into place, so on failure {@code targetDir} is left as it was.
   *
   * @throws FormatException naming the archive and the offending entry
   */
  public static void extract(Path nemoFile, Path targetDir) {
    Checks.notNull(nemoFile, "nemoFile");
    Checks.notNull(targetDir, "targetDir");
    Path target = targetDir.toAbsolutePath();
    Checks.argument(
        isAbsentOrEmptyDirectory(target), "target directory %s must be absent or empty", target);
    Path staging = null;
    try (NemoTar tar = NemoTar.open(nemoFile)) {
      NemoTar.Member weights = requireLayout(nemoFile, tar);
      TorchCheckpointReader.readCheckpoint(tar.region(weights), weightsName(nemoFile));
      Files.createDirectories(target.getParent());
      staging =
          Files.createTempDirectory(
              target.getParent(), "." + target.getFileName() + ".extracting-");
      for (NemoTar.Member member : tar.members()) {
        Path destination = staging.resolve(member.path());
        if (member.directory()) {
          Files.createDirectories(destination);
        } else {
          Files.createDirectories(destination.getParent());
          try (InputStream in = tar.open(member)) {
            Files.copy(in, destination);
          }
        }
      }
      moveIntoPlace(staging, target);
      staging = null;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot extract " + nemoFile + " into " + target + ": " + e.getMessage(), e);
    } finally {
      deleteTree(staging);
    }
  }

  /**
   * Reads the config, the weights and every artifact of {@code nemoFile}. For an uncompressed
   * archive the contiguous tensors are memory-mapped views of the archive file.
   *
   * @throws FormatException naming the archive if it is not a valid {@code .nemo}
   */
  public static NemoContents read(Path nemoFile) {
    Checks.notNull(nemoFile, "nemoFile");
    try (NemoTar tar = NemoTar.open(nemoFile)) {
      NemoTar.Member weightsMember = requireLayout(nemoFile, tar);
      TorchCheckpoint weights =
          TorchCheckpointReader.readCheckpoint(tar.region(weightsMember), weightsName(nemoFile));
      String config = null;
      Map<String, byte[]> artifacts = new TreeMap<>();
      for (NemoTar.Member member : tar.members()) {
        if (member.directory() || member == weightsMember) {
          continue;
        }
        if (member.size() > Integer.MAX_VALUE - 8) {
          throw new FormatException(
              nemoFile.toString(),
              "artifact '"
                  + member.path()
                  + "' is "
                  + member.size()
                  + " bytes, too large to read into memory; use extract()");
        }
        byte[] content;
        try (InputStream in = tar.open(member)) {
          content = in.readAllBytes();
        }
        if (member.path().equals(MODEL_CONFIG)) {
          config = utf8(nemoFile, content);
        } else {
          artifacts.put(member.path(), content);
        }
      }
      return new NemoContents(nemoFile, config, weights, artifacts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + nemoFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@link #write(Path, String, TorchCheckpoint, Map)} for a state dict without {@code _metadata}.
   */
  public static void write(
      Path nemoFile,
      String modelConfigYaml,
      LinkedHashMap<String, NamedArray> stateDict,
      Map<String, NemoArtifact> artifacts) {
    write(nemoFile, modelConfigYaml, TorchCheckpoint.of(stateDict), artifacts);
  }

  /** Writes back what {@link #read} returned (config, weights with metadata, artifacts). */
  public static void write(Path nemoFile, NemoContents contents) {
    Map<String, NemoArtifact> artifacts = new TreeMap<>();
    contents.artifacts().forEach((name, content) -> artifacts.put(name, NemoArtifact.of(content)));
    write(nemoFile, contents.modelConfigYaml(), contents.weights(), artifacts);
  }

  /**
   * Writes a {@code .nemo} atomically, as {@code SaveRestoreConnector._make_nemo_file_from_folder}
   * lays it out: an uncompressed POSIX tar whose members are {@code ./} and then {@code ./<name>}
   * for the config, the weights ({@link TorchCheckpointWriter}, prefix {@code model_weights}) and
   * the artifacts, in sorted name order.
   *
   * @param modelConfigYaml the config text; its {@code nemo:} values must name the given artifacts,
   *     which is the caller's job ({@link NemoArtifactNames} makes NeMo-style names)
   * @param artifacts archive file name (plain name, no folders) to content
   */
  public static void write(
      Path nemoFile,
      String modelConfigYaml,
      TorchCheckpoint weights,
      Map<String, NemoArtifact> artifacts) {
    Checks.notNull(nemoFile, "nemoFile");
    Checks.notNull(modelConfigYaml, "modelConfigYaml");
    Checks.notNull(weights, "weights");
    Checks.notNull(artifacts, "artifacts");
    for (String name : artifacts.keySet()) {
      NemoArtifactNames.checkBasename(name);
      Checks.argument(
          !name.equals(MODEL_CONFIG) && !name.equals(MODEL_WEIGHTS),
          "artifact name '%s' is reserved for the archive's own files",
          name);
    }
    AtomicFiles.write(
        nemoFile, out -> NemoTarWriter.write(out, modelConfigYaml, weights, artifacts));
  }

  /** Checks that the archive has NeMo's two files and returns the weights member. */
  private static NemoTar.Member requireLayout(Path nemoFile, NemoTar tar) {
    List<String> paths = tar.members().stream().map(NemoTar.Member::path).toList();
    if (tar.file(MODEL_CONFIG) == null) {
      throw new FormatException(
          nemoFile.toString(),
          "has no "
              + MODEL_CONFIG
              + " at its root; it holds "
              + paths
              + " (not a .nemo model archive?)");
    }
    NemoTar.Member weights = tar.file(MODEL_WEIGHTS);
    if (weights == null) {
      String hint =
          paths.stream().anyMatch(p -> p.endsWith("/" + MODEL_WEIGHTS))
              ? "; model-parallel archives (mp_rank_*/model_weights.ckpt) are not supported"
              : paths.contains(WEIGHTS_PREFIX)
                  ? "; distributed (model_weights/ directory) checkpoints are not supported"
                  : "";
      throw new FormatException(
          nemoFile.toString(),
          "has no " + MODEL_WEIGHTS + " at its root; it holds " + paths + hint);
    }
    return weights;
  }

  private static String weightsName(Path nemoFile) {
    return nemoFile + "!/" + MODEL_WEIGHTS;
  }

  private static String utf8(Path nemoFile, byte[] content) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new FormatException(nemoFile.toString(), MODEL_CONFIG + " is not valid UTF-8", e);
    }
  }

  private static boolean isAbsentOrEmptyDirectory(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void moveIntoPlace(Path staging, Path target) throws IOException {
    try {
      Files.deleteIfExists(target);
    } catch (DirectoryNotEmptyException e) {
      throw new IOException(target + " was filled by someone else during the extraction", e);
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staging, target);
    }
  }

  private static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // The failure that got us here is the one worth reporting; a stray temporary directory is
      // named
      // after the target and starts with a dot.
    }
  }
}

package org.rnnt4j.checkpoint.nemo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.rnnt4j.util.Checks;
import org.rnnt4j.util.FormatException;

/**
 * NeMo's naming of artifact files inside a {@code .nemo} archive and of the config values that
 * point at them. NeMo's {@code SaveRestoreConnector._handle_artifacts} copies each registered file
 * in as {@code <uuid4 hex>_<basename>} and writes {@code nemo:<that name>} into the config ({@code
 * tokenizer.model_path: nemo:8914c27b..._tokenizer.model}); {@code register_artifact} resolves such
 * a value against the extracted archive.
 */
public final class NemoArtifactNames {
  /** The prefix of a config value that names a file inside the archive. */
  public static final String REFERENCE_PREFIX = "nemo:";

  private NemoArtifactNames() {}

  /**
   * A fresh NeMo-style archive name for a file: 32 hex digits of a random UUID, {@code _}, the
   * basename.
   */
  public static String uniqueName(String basename) {
    checkBasename(basename);
    return UUID.randomUUID().toString().replace("-", "") + "_" + basename;
  }

  /** {@link #uniqueName} for each basename, in the given order (basename to archive name). */
  public static Map<String, String> uniqueNames(Collection<String> basenames) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String basename : basenames) {
      Checks.argument(!names.containsKey(basename), "basename '%s' is given twice", basename);
      names.put(basename, uniqueName(basename));
    }
    return names;
  }

  /** The config value that refers to an archive member: {@code nemo:<name>}. */
  public static String reference(String artifactName) {
    checkBasename(artifactName);
    return REFERENCE_PREFIX + artifactName;
  }

  /** Whether a config value refers to an archive member. */
  public static boolean isReference(String value) {
    return value != null && value.startsWith(REFERENCE_PREFIX);
  }

  /**
   * The archive member a config value names: the part after {@code nemo:}, or, for values written
   * without the prefix (old NeMo), the basename of the path, as NeMo's {@code register_artifact}
   * falls back to.
   */
  public static String artifactName(String value) {
    Checks.notNull(value, "value");
    String name =
        isReference(value)
            ? value.substring(REFERENCE_PREFIX.length())
            : value.substring(value.lastIndexOf('/') + 1);
    Checks.argument(!name.isEmpty(), "'%s' names no artifact", value);
    return name;
  }

  /**
   * The file a config value names inside a directory that {@link NemoArchive#extract} filled.
   *
   * @throws FormatException naming the directory if there is no such regular file
   */
  public static Path resolve(Path extractedDir, String value) {
    String name = artifactName(value);
    String normalised = TarEntryPaths.normalise(extractedDir.toString(), name);
    Path file = extractedDir.resolve(normalised);
    if (normalised.isEmpty() || !Files.isRegularFile(file)) {
      throw new FormatException(
          extractedDir.toString(),
          "config value '" + value + "' names artifact '" + name + "', which is not a file there");
    }
    return file;
  }

  static void checkBasename(String name) {
    Checks.notNull(name, "name");
    Checks.argument(
        !name.isEmpty()
            && !name.equals(".")
            && !name.equals("..")
            && !name.contains("/")
            && !name.contains("\\")
            && name.indexOf('\0') < 0,
        "an artifact name must be a plain file name, got '%s'",
        name);
  }
}

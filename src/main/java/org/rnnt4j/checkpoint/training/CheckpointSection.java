package org.rnnt4j.checkpoint.training;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rnnt4j.util.Checks;

/**
 * An optional part of a checkpoint that the core format does not interpret: a name and its files, which
 * the header lists with their checksums like every other file. Later features (a loss scaler's state,
 * EMA weights, an 8-bit optimizer's state, per-rank states) add one without a new format version; the
 * feature that wrote it parses its bytes, and a reader that does not know it keeps it untouched.
 *
 * <p>Files are held in memory, which suits states up to a few hundred megabytes; a part as large as the
 * model belongs in the core format.
 *
 * @param name lower-case letters, digits and underscores, starting with a letter ({@code ema}, {@code
 *     loss_scaler}); not a core section's name
 * @param files relative path (plain names separated by {@code /}) to content, in writing order (copied)
 */
public record CheckpointSection(String name, Map<String, byte[]> files) {
  static final String NAME_PATTERN = "[a-z][a-z0-9_]*";
  static final String PATH_PATTERN = "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*";

  public CheckpointSection {
    Checks.argument(name != null && name.matches(NAME_PATTERN), "section name must match %s, got '%s'", NAME_PATTERN, name);
    Checks.argument(!TrainingState.CORE_SECTIONS.contains(name), "'%s' is a core section, not an optional one", name);
    Checks.argument(!files.isEmpty(), "section %s has no files", name);
    Map<String, byte[]> copy = new LinkedHashMap<>();
    files.forEach((path, bytes) -> {
      Checks.argument(isPlainRelativePath(path), "section %s: file path must be relative plain names, got '%s'", name, path);
      copy.put(path, Checks.notNull(bytes, "content of " + path).clone());
    });
    files = Collections.unmodifiableMap(copy);
  }

  /** The files; each array is a fresh copy. */
  @Override
  public Map<String, byte[]> files() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    files.forEach((path, bytes) -> out.put(path, bytes.clone()));
    return out;
  }

  static boolean isPlainRelativePath(String path) {
    if (path == null || !path.matches(PATH_PATTERN)) {
      return false;
    }
    for (String part : path.split("/")) {
      if (part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof CheckpointSection that) || !name.equals(that.name) || !files.keySet().equals(that.files.keySet())) {
      return false;
    }
    return files.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), that.files.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + files.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "CheckpointSection[" + name + ", files " + files.keySet() + "]";
  }
}

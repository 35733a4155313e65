package org.rnnt4j.hub;

import java.util.regex.Pattern;
import org.rnnt4j.util.Checks;

/**
 * A Hub repository id: {@code ORG/NAME}, or a bare {@code NAME} for the old canonical datasets ({@code
 * librispeech_asr}), with its kind. The cache folder is {@code datasets--ORG--NAME} or {@code
 * models--ORG--NAME} as {@code huggingface_hub}'s {@code repo_folder_name} builds it.
 */
public record HubRepoId(RepoType type, String value) {
  // huggingface_hub's validate_repo_id: letters, digits, -_. ; no '--' or '..'; at most one '/'
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");

  public HubRepoId {
    Checks.notNull(type, "repo type");
    Checks.argument(looksLikeRepoId(value), "not a Hub repository id (ORG/NAME): '%s'", value);
  }

  /** A dataset repository, as {@code --dataset_name} names it. */
  public static HubRepoId dataset(String value) {
    return new HubRepoId(RepoType.DATASET, value);
  }

  /** A model repository, as {@code --model_name_or_path} names it. */
  public static HubRepoId model(String value) {
    return new HubRepoId(RepoType.MODEL, value);
  }

  /** Whether a string could be a repository id (and so should be looked up in the cache). */
  public static boolean looksLikeRepoId(String s) {
    if (s == null || s.contains("--") || s.contains("..") || s.endsWith(".")) {
      return false;
    }
    String[] parts = s.split("/", -1);
    if (parts.length > 2) {
      return false;
    }
    for (String part : parts) {
      if (!PART.matcher(part).matches()) {
        return false;
      }
    }
    return true;
  }

  /** {@code datasets--ORG--NAME} or {@code models--ORG--NAME}. */
  public String cacheFolderName() {
    return type.cachePrefix() + value.replace("/", "--");
  }

  @Override
  public String toString() {
    return value;
  }
}

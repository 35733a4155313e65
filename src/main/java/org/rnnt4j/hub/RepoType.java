package org.rnnt4j.hub;

/**
 * The kind of a Hub repository, which decides its cache folder prefix and its API paths, as {@code
 * huggingface_hub}'s {@code repo_type} does.
 */
public enum RepoType {
  DATASET("datasets--", "/api/datasets/", "/datasets/"),
  MODEL("models--", "/api/models/", "/");

  private final String cachePrefix;
  private final String apiPrefix;
  private final String resolvePrefix;

  RepoType(String cachePrefix, String apiPrefix, String resolvePrefix) {
    this.cachePrefix = cachePrefix;
    this.apiPrefix = apiPrefix;
    this.resolvePrefix = resolvePrefix;
  }

  /** {@code datasets--} or {@code models--}, the cache folder's prefix. */
  public String cachePrefix() {
    return cachePrefix;
  }

  /** {@code /api/datasets/} or {@code /api/models/}, before the repository id. */
  public String apiPrefix() {
    return apiPrefix;
  }

  /** {@code /datasets/} or {@code /}, before {@code {repo}/resolve/{commit}/{path}}. */
  public String resolvePrefix() {
    return resolvePrefix;
  }

  /** {@code dataset} or {@code model}, as huggingface_hub spells it. */
  public String hubName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code dataset} or {@code model} (any case). */
  public static RepoType parse(String name) {
    for (RepoType t : values()) {
      if (t.hubName().equalsIgnoreCase(name.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("repo type must be dataset or model, got '" + name + "'");
  }
}

package org.rnnt4j.hub;

import org.rnnt4j.util.Checks;

/**
 * One file of a Hub repository at a commit, as the Hub API lists it with {@code blobs=true}.
 *
 * @param path the path in the repository ({@code rfilename})
 * @param size bytes of the content (the LFS object's size for LFS files)
 * @param blobId the git blob id (sha1 of {@code "blob {size}\0"} + content for regular files)
 * @param sha256 the LFS object id, or null for a file stored in git itself
 */
public record RepoFile(String path, long size, String blobId, String sha256) {
  public RepoFile {
    Checks.argument(path != null && !path.isEmpty() && !path.startsWith("/") && !path.contains(".."),
        "unsafe repository path '%s'", path);
    Checks.argument(size >= 0, "file size must be >= 0, got %s for %s", size, path);
    Checks.argument(blobId != null || sha256 != null, "file %s has neither a blob id nor an LFS sha256", path);
  }

  /** How huggingface_hub names the blob: the LFS sha256, else the git blob id. */
  public String etag() {
    return sha256 != null ? sha256 : blobId;
  }
}

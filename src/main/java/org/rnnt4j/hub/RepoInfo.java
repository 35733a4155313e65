package org.rnnt4j.hub;

import java.util.List;
import java.util.Optional;

/** A Hub repository at a revision: the commit it resolved to and its files. */
public record RepoInfo(HubRepoId repo, String commit, List<RepoFile> files) {
  public RepoInfo {
    files = List.copyOf(files);
  }

  public Optional<RepoFile> file(String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst();
  }

  public List<String> paths() {
    return files.stream().map(RepoFile::path).toList();
  }
}

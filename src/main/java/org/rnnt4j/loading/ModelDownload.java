package org.rnnt4j.loading;

import java.util.function.Consumer;
import org.rnnt4j.hub.DownloadResult;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import org.rnnt4j.hub.RepoFile;
import org.rnnt4j.hub.RepoInfo;
import org.rnnt4j.hub.SnapshotDownload;

/**
 * Fetches a Hub model repository into the Hugging Face cache ({@code rnnt4j download --repo_type model},
 * {@code train --download}). A NeMo model repository ({@code nvidia/NAME} holding {@code NAME.nemo}) gets
 * its archive and card only, leaving other archives (quantised or older variants some repositories carry)
 * on the Hub; any other repository is fetched whole, as {@code huggingface-cli download} does, since an
 * rnnt4j model directory needs all its files.
 */
public final class ModelDownload {
  private final HubEnvironment env;
  private final Consumer<String> progress;

  public ModelDownload(HubEnvironment env, Consumer<String> progress) {
    this.env = env;
    this.progress = progress;
  }

  public DownloadResult download(HubRepoId repo, String revision) {
    SnapshotDownload download = new SnapshotDownload(env, progress);
    RepoInfo info = download.list(repo, revision);
    String archive = archiveName(repo);
    boolean nemoRepo = info.file(archive).isPresent();
    for (RepoFile file : info.files()) {
      if (!nemoRepo || file.path().equals(archive) || file.path().equals("README.md")) {
        download.fetch(info, file);
      }
    }
    return download.finish(info, revision);
  }

  /** {@code NAME.nemo} for {@code ORG/NAME}: how NVIDIA names the archive in its model repositories. */
  static String archiveName(HubRepoId repo) {
    String value = repo.value();
    return value.substring(value.lastIndexOf('/') + 1) + ".nemo";
  }
}

package org.rnnt4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.rnnt4j.data.hub.HubDownload;
import org.rnnt4j.hub.DownloadResult;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubHttpException;
import org.rnnt4j.hub.HubRepoId;
import org.rnnt4j.hub.RepoType;
import org.rnnt4j.loading.ModelDownload;
import org.rnnt4j.loading.ModelResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnnt4j download REPO_ID}: fetches a Hub dataset's Parquet shards ({@code --repo_type dataset}, the
 * default) or a model ({@code --repo_type model}: an {@code ORG/NAME} or a NeMo pretrained name, which is
 * {@code nvidia/NAME} on the Hub) into the Hugging Face cache (the layout {@code huggingface_hub} uses, so
 * Python sees them too), after which {@code --dataset_name} / {@code --model_name_or_path} work offline.
 * Resumes interrupted downloads and checks every file's checksum.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Download a Hugging Face Hub dataset (Parquet shards) or model (.nemo) into the Hugging Face cache.",
      "Environment: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (gated or private repositories; else the"
          + " token file of huggingface-cli login), HF_HUB_CACHE or HF_HOME (where the cache is)."
    })
public final class DownloadCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger("rnnt4j");

  @Parameters(index = "0", paramLabel = "REPO_ID", description = "The repository id: a dataset as --dataset_name names it, or a model (ORG/NAME, or a NeMo pretrained name such as stt_en_conformer_transducer_xlarge).")
  String repoId;

  @Option(names = "--repo_type", defaultValue = "dataset", converter = Converters.Repo.class, description = "dataset or model (default: ${DEFAULT-VALUE}).")
  RepoType repoType;

  @Option(names = "--dataset_config_name", description = "Datasets: the config (README front matter config_name); default: the default config.")
  String datasetConfigName;

  @Option(names = "--split", split = ",", description = "Datasets: splits to fetch (comma-separated or repeated); default: every split of the config.")
  List<String> splits;

  @Option(names = "--revision", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}; refs/convert/parquet for the Hub's Parquet conversion).")
  String revision;

  /** The Hub settings; tests set them, else the process environment's. */
  HubEnvironment environment;

  @Override
  public Integer call() {
    HubEnvironment env = environment != null ? environment : HubEnvironment.fromSystem();
    LOG.info("downloading " + repoType.hubName() + " " + repoId + " into " + env.cacheDir() + " from " + env.endpoint());
    DownloadResult result = repoType == RepoType.MODEL ? model(env) : dataset(env);
    System.out.println(result.summary());
    return 0;
  }

  private DownloadResult dataset(HubEnvironment env) {
    return new HubDownload(env, LOG::info).download(HubRepoId.dataset(repoId), revision, datasetConfigName, splits == null ? List.of() : splits);
  }

  private DownloadResult model(HubEnvironment env) {
    if (datasetConfigName != null || splits != null) {
      throw new IllegalArgumentException("--dataset_config_name and --split apply to datasets, not to --repo_type model");
    }
    List<String> ids = ModelResolver.hubIds(repoId);
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("not a Hub model id (ORG/NAME) or NeMo pretrained name: '" + repoId + "'");
    }
    List<String> tried = new ArrayList<>();
    for (String id : ids) {
      try {
        return new ModelDownload(env, LOG::info).download(HubRepoId.model(id), revision);
      } catch (HubHttpException e) {
        if (!e.notFound() && e.status() != 401) { // the Hub answers 401 for an unknown repository without a token
          throw e;
        }
        tried.add(e.getMessage());
      }
    }
    throw new IllegalArgumentException("model '" + repoId + "' is not on the Hub; tried:\n  " + String.join("\n  ", tried));
  }
}

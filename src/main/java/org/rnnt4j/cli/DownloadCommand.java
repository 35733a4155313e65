package org.rnnt4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import org.rnnt4j.data.hub.HubDownload;
import org.rnnt4j.hub.HubEnvironment;
import org.rnnt4j.hub.HubRepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnnt4j download ORG/NAME}: fetches a Hub dataset's Parquet shards into the Hugging Face cache
 * (the layout {@code huggingface_hub} uses, so Python sees them too), after which {@code --dataset_name
 * ORG/NAME} works offline. Resumes interrupted downloads and checks every file's checksum.
 */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Download a Hugging Face Hub dataset (Parquet shards) into the Hugging Face cache.",
      "Environment: HF_ENDPOINT (default https://huggingface.co), HF_TOKEN (gated or private datasets; else the"
          + " token file of huggingface-cli login), HF_HUB_CACHE or HF_HOME (where the cache is)."
    })
public final class DownloadCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger("rnnt4j");

  @Parameters(index = "0", paramLabel = "ORG/NAME", description = "The dataset repository id, as --dataset_name names it.")
  String datasetName;

  @Option(names = "--dataset_config_name", description = "The dataset config (README front matter config_name); default: the default config.")
  String datasetConfigName;

  @Option(names = "--split", split = ",", description = "Splits to fetch (comma-separated or repeated); default: every split of the config.")
  List<String> splits;

  @Option(names = "--revision", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}; refs/convert/parquet for the Hub's Parquet conversion).")
  String revision;

  @Override
  public Integer call() {
    HubEnvironment env = HubEnvironment.fromSystem();
    LOG.info("downloading " + datasetName + " into " + env.cacheDir() + " from " + env.endpoint());
    HubDownload.Result result =
        new HubDownload(env, LOG::info).download(HubRepoId.dataset(datasetName), revision, datasetConfigName, splits == null ? List.of() : splits);
    System.out.println(result.summary());
    return 0;
  }
}

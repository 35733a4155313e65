package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.data.pipeline.SplitSelection;
import org.rnnt4j.data.text.RecipeDataset;
import org.rnnt4j.data.text.TranscriptNormalization;
import org.rnnt4j.util.Json;

/** --preprocessing_only, the data flags, and rnnt4j download's arguments. */
class DataCommandsTest {
  @Test
  void preprocessingOnlyPreparesReportsAndStops(@TempDir Path tmp) {
    Path out = tmp.resolve("out");
    int code = Main.run("train", "--do_eval", "--eval_manifest", "src/test/resources/data/synth_en_manifest/validation/manifest.jsonl",
        "--output_dir", out.toString(), "--preprocessing_only", "--max_eval_samples", "3", "--transcript_normalization", "none");
    assertEquals(0, code);
    JsonNode report = Json.read(out.resolve("preprocessing_report.json"));
    assertEquals(3, report.get("eval").get("examples").asInt());
    assertEquals("max samples", report.get("eval").get("steps").get(0).get("step").asText());
    assertEquals(5, report.get("eval").get("steps").get(0).get("dropped").get("beyond the first 3").asInt());
    assertTrue(!Files.exists(out.resolve("model_config.yaml")), "no model is built");
  }

  @Test
  void dataFlagsParse() {
    TrainCommand cmd = new TrainCommand();
    new picocli.CommandLine(cmd).parseArgs(
        "--output_dir", "o", "--dataset_name", "LIUM/tedlium", "--download", "--transcript_normalization", "tedlium", "--preprocessing_only=False");
    DatasetSelection selection = cmd.dataArguments().dataset();
    assertTrue(selection.download());
    assertEquals(new TranscriptNormalization.Fixed(RecipeDataset.TEDLIUM), selection.transcriptNormalization());
    assertTrue(!cmd.preprocessingOnly);
    TrainCommand defaults = new TrainCommand();
    new picocli.CommandLine(defaults).parseArgs("--output_dir", "o", "--dataset_name", "d");
    DataArguments data = defaults.dataArguments();
    assertTrue(!data.dataset().download(), "never downloads unless asked");
    assertEquals(TranscriptNormalization.AUTO, data.dataset().transcriptNormalization());
    assertEquals(new SplitSelection("train", null, null, 0.0, 20.0), data.train(), "the recipe's training split and bounds");
    assertEquals(new SplitSelection("validation", null, null, 0.0, null), data.eval(), "no eval duration bound by default");
    assertEquals(new SplitSelection("test", null, null, 0.0, null), data.test());
  }

  @Test
  void downloadTakesARepositoryAndOptions() {
    DownloadCommand cmd = new DownloadCommand();
    new picocli.CommandLine(cmd).parseArgs("LIUM/tedlium", "--dataset_config_name", "release3", "--split", "train,validation", "--split", "test");
    assertEquals("LIUM/tedlium", cmd.repoId);
    assertEquals(org.rnnt4j.hub.RepoType.DATASET, cmd.repoType, "datasets by default, so the earlier commands keep working");
    assertEquals(java.util.List.of("train", "validation", "test"), cmd.splits);
    assertEquals("main", cmd.revision);
    assertEquals(2, Main.run("download", "not/a/valid--id"), "a bad id is a usage error");
    DownloadCommand model = new DownloadCommand();
    new picocli.CommandLine(model).parseArgs("--repo_type", "model", "nvidia/parakeet-rnnt-0.6b");
    assertEquals(org.rnnt4j.hub.RepoType.MODEL, model.repoType);
    assertEquals(2, Main.run("download", "--repo_type", "tokenizer", "x/y"), "an unknown repo type is a usage error");
    assertEquals(2, Main.run("download", "--repo_type", "model", "--split", "train", "x/y"), "splits are for datasets");
  }

  /** {@code rnnt4j download --repo_type model NAME} against an imitation of the Hub, then offline. */
  @Test
  void downloadsAModelByItsNemoName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) throws Exception {
    byte[] nemo = java.nio.file.Files.readAllBytes(org.rnnt4j.testing.Goldens.resource("nemo/contextnet_tiny.nemo"));
    try (org.rnnt4j.data.hub.FakeHub hub = new org.rnnt4j.data.hub.FakeHub(org.rnnt4j.hub.RepoType.MODEL, "nvidia/stt_en_tiny")) {
      hub.files.put("stt_en_tiny.nemo", nemo);
      DownloadCommand cmd = new DownloadCommand();
      picocli.CommandLine cli = new picocli.CommandLine(cmd);
      cmd.environment = org.rnnt4j.hub.HubEnvironment.from(java.util.Map.of("HF_HOME", home.toString(), "HF_ENDPOINT", hub.endpoint()), home);
      assertEquals(0, cli.execute("--repo_type", "model", "stt_en_tiny"));
      java.nio.file.Path archive = home.resolve("hub/models--nvidia--stt_en_tiny/snapshots/" + org.rnnt4j.data.hub.FakeHub.COMMIT + "/stt_en_tiny.nemo");
      assertTrue(java.nio.file.Files.isRegularFile(archive), "the .nemo is in the cache under nvidia/NAME");
      assertEquals(0, cli.execute("--repo_type", "model", "nvidia/stt_en_tiny"), "again: reused, not fetched");
      assertEquals(1, hub.requests.stream().filter(r -> r.startsWith("CDN")).count(), hub.requests.toString());
      cmd.environment = org.rnnt4j.hub.HubEnvironment.from(java.util.Map.of("HF_HOME", home.toString(), "HF_ENDPOINT", hub.endpoint()), home);
      cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
      assertTrue(cli.execute("--repo_type", "model", "stt_xx_absent") != 0, "a name the Hub does not have fails");
    }
  }
}

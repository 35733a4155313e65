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
    assertEquals("LIUM/tedlium", cmd.datasetName);
    assertEquals(java.util.List.of("train", "validation", "test"), cmd.splits);
    assertEquals("main", cmd.revision);
    assertEquals(2, Main.run("download", "not/a/valid--id"), "a bad id is a usage error");
  }
}

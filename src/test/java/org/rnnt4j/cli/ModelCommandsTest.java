package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.loading.ModelArguments;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.Json;

/**
 * {@code rnnt4j transcribe}, {@code info} and {@code evaluate} on the fixture contextnet_tiny.nemo (written
 * by the reference generator, a module-by-module port of NeMo's model run in PyTorch 1.13, ../shared/peer/nemo_ref.py, not NeMo itself).
 */
class ModelCommandsTest {
  private static final String NEMO = Goldens.resource("nemo/contextnet_tiny.nemo").toString();
  private static final String UTT0 = Goldens.resource("nemo/audio/utt0.wav").toString();
  private static final String UTT1 = Goldens.resource("nemo/audio/utt1.wav").toString();

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void transcribePrintsOneLinePerFile() {
    Result r = run("transcribe", "--model", NEMO, UTT0, UTT1);
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(UTT0 + "\tgood morning to you all", UTT1 + "\tspeech recognition with transducers is fun"), r.out().lines().toList());
    Result textOnly = run("transcribe", "--model", NEMO, "--text_only", UTT0);
    assertEquals("good morning to you all", textOnly.out().strip());
  }

  @Test
  void transcribeOfAMissingFileIsAUsageError() {
    Result r = run("transcribe", "--model", NEMO, "nope.wav");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("audio file nope.wav does not exist"), r.err());
    Result m = run("transcribe", "--model", "no/such-model", UTT0);
    assertEquals(2, m.code());
    assertTrue(m.err().contains("Hugging Face cache"), m.err());
  }

  @Test
  void infoPrintsArchitectureParametersVocabularyAndSampleRate() {
    Result r = run("info", NEMO);
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    assertTrue(out.contains("architecture: EncDecRNNTBPEModel"), out);
    assertTrue(out.contains("encoder: ConvASREncoder (feat_in 80, activation swish, 2 blocks)"), out);
    assertTrue(out.contains("decoder: RNNTDecoder (pred_hidden 64, pred_rnn_layers 1)"), out);
    assertTrue(out.contains("parameters: 74,705"), out);
    // encoder + decoder + joint of the fixture (README: 74705 in all)
    long sum = 0;
    for (String line : out.lines().toList()) {
      if (line.matches("  (preprocessor|encoder|decoder|joint): [0-9,]+")) {
        sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    assertEquals(74705, sum, out);
    assertTrue(out.contains("vocabulary: 128 pieces + blank (id 128), tokenizer tokenizer_spe_bpe_v128"), out);
    assertTrue(out.contains("sample_rate: 16000"), out);
  }

  @Test
  void evaluateWritesPredictionsAndMetrics(@TempDir Path tmp) throws IOException {
    Path manifest = tmp.resolve("test.jsonl");
    Files.writeString(
        manifest,
        "{\"audio_filepath\": \"" + UTT0 + "\", \"duration\": 1.49, \"text\": \"Good morning to you all\"}\n"
            + "{\"audio_filepath\": \"" + UTT1 + "\", \"duration\": 2.88, \"text\": \"speech recognition with transducers is fun\"}\n");
    Path out = tmp.resolve("eval");
    Result r = run("evaluate", "--model", NEMO, "--manifest", manifest.toString(), "--output_dir", out.toString(), "--compute_loss");
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("predictions.jsonl"));
    assertEquals(2, lines.size());
    JsonNode first = Json.parse(lines.get(0));
    assertEquals(UTT0, first.get("audio_filepath").asText());
    assertEquals("good morning to you all", first.get("text").asText(), "references are lower-cased as in training");
    assertEquals("good morning to you all", first.get("pred_text").asText());
    assertTrue(first.get("pred_token_ids").isArray() && first.get("pred_token_ids").size() > 0);
    assertTrue(first.get("loss").asDouble() > 0);
    JsonNode m = Json.read(out.resolve("metrics.json"));
    assertEquals(0.0, m.get("wer").asDouble());
    assertEquals(0.0, m.get("cer").asDouble());
    assertEquals(0, m.get("substitutions").asInt() + m.get("deletions").asInt() + m.get("insertions").asInt());
    assertEquals(11, m.get("reference_words").asInt());
    assertEquals("good morning to you all".length() + "speech recognition with transducers is fun".length(), m.get("reference_characters").asInt());
    assertEquals(2, m.get("samples").asInt());
    assertEquals("greedy_batch", m.get("decoding_strategy").asText());
    assertEquals(1, m.get("beam_size").asInt());
    // every utterance is right, so every resample is too
    assertEquals("[0.0,0.0]", m.get("wer_ci95").toString());
    assertEquals("[0.0,0.0]", m.get("cer_ci95").toString());
    assertTrue(first.get("score").asDouble() < 0, "greedy: the sum of the tokens' log-probabilities");
    assertTrue(!first.has("nbest"), "no n-best list for greedy decoding unless asked");
    assertTrue(m.get("loss").asDouble() > 0);
  }

  @Test
  void evaluateOnADatasetSplitCountsErrors(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("eval");
    Result r =
        run("evaluate", "--model", NEMO, "--dataset_name", "datasets/synth_en_dummy", "--eval_split_name", "validation",
            "--max_eval_samples", "2", "--output_dir", out.toString(), "--per_device_eval_batch_size", "2");
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out.resolve("predictions.jsonl"));
    assertEquals(2, lines.size());
    assertTrue(Json.parse(lines.get(0)).has("id"), lines.get(0));
    JsonNode m = Json.read(out.resolve("metrics.json"));
    assertTrue(m.get("reference_words").asInt() > 0);
    assertTrue(m.get("wer").asDouble() >= 0 && m.get("cer").asDouble() >= 0);
    assertTrue(!m.has("loss"), "no loss unless asked");
  }

  @Test
  void trainFromANemoWithoutTokenizerPathKeepsItsTokenizer(@TempDir Path tmp) throws IOException {
    Path manifest = tmp.resolve("dev.jsonl");
    Files.writeString(manifest, "{\"audio_filepath\": \"" + UTT0 + "\", \"duration\": 1.49, \"text\": \"good morning to you all\"}\n");
    Path out = tmp.resolve("out");
    // --tokenizer_path defaults to ./tokenizers: compare with what was there before, which earlier runs in
    // this working directory may have left
    Path defaultTokenizer = Path.of("tokenizers/tokenizer_spe_bpe_v1024/tokenizer.model");
    Object before = Files.exists(defaultTokenizer) ? Files.getLastModifiedTime(defaultTokenizer) : "absent";
    Result r = run("train", "--model_name_or_path", NEMO, "--eval_manifest", manifest.toString(), "--do_eval", "--output_dir", out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(0.0, Json.read(out.resolve("eval_results.json")).get("eval_wer").asDouble());
    Object after = Files.exists(defaultTokenizer) ? Files.getLastModifiedTime(defaultTokenizer) : "absent";
    assertEquals(before, after, "no tokenizer trained under the default --tokenizer_path");

    Result both = run("train", "--model_name_or_path", NEMO, "--pretrained_model_name_or_path", NEMO, "--eval_manifest", manifest.toString(), "--do_eval", "--output_dir", out.toString());
    assertEquals(2, both.code());
    assertTrue(both.err().contains("not both"), both.err());
  }

  @Test
  void fineTuningFlagsAreRealFlags() {
    TrainCommand cmd = new TrainCommand();
    new picocli.CommandLine(cmd).parseArgs(
        "--output_dir", "o", "--freeze_encoder", "--unfreeze_encoder=True", "--pretrained_model_name_or_path", "nvidia/x",
        "--save_safetensors", "--save_nemo", "False");
    ModelArguments model = cmd.modelArguments();
    assertTrue(model.freezeEncoder() && model.unfreezeEncoder() && model.saveSafetensors());
    assertTrue(!model.saveNemo(), "--save_nemo False");
    assertEquals("nvidia/x", model.pretrainedModelNameOrPath());
    TrainCommand defaults = new TrainCommand();
    new picocli.CommandLine(defaults).parseArgs("--output_dir", "o");
    ModelArguments d = defaults.modelArguments();
    assertTrue(d.saveNemo() && !d.saveSafetensors() && !d.freezeEncoder(), "model.nemo is written by default");
  }

  @Test
  void evaluateNeedsExactlyOneDataSourceAndAKnownStrategy(@TempDir Path tmp) {
    Result none = run("evaluate", "--model", NEMO, "--output_dir", tmp.toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("exactly one of --manifest FILE and --dataset_name DIR"), none.err());
    Result unknown = run("evaluate", "--model", NEMO, "--manifest", "m.jsonl", "--output_dir", tmp.toString(), "--decoding_strategy", "nsc");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("maes_batch, got 'nsc'"), unknown.err());
    Result unused = run("evaluate", "--model", NEMO, "--manifest", "m.jsonl", "--output_dir", tmp.toString(), "--maes_num_steps", "3");
    assertEquals(2, unused.code());
    assertTrue(unused.err().contains("decoding strategy greedy_batch does not use maes_num_steps"), unused.err());
  }
}

package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Closed-set values are checked when the conf or the flags are read: a bad one fails before any data is
 * read, any tokenizer trained or any output written, and the error names the key path and the file (a
 * conf key) or the flag (a command-line value).
 */
class EarlyValidationTest {
  private record Result(int code, String err) {}

  private static Result run(String... args) {
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      return new Result(Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  /** The shipped tiny conf (with its model: root) with {@code rnnt_reduction: bogus}. */
  private static Path bogusReductionConf(Path dir) throws IOException {
    String conf = Files.readString(Path.of("conf/contextnet_rnnt_tiny.yaml"));
    assertTrue(conf.contains("  rnnt_reduction: mean_batch\n"), "the conf sets rnnt_reduction under model:");
    Path file = dir.resolve("bogus_reduction.yaml");
    Files.writeString(file, conf.replace("  rnnt_reduction: mean_batch\n", "  rnnt_reduction: bogus\n"));
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"--dataset_name", "--train_manifest"})
  void aBogusRnntReductionFailsBeforeAnythingIsPrepared(String dataFlag, @TempDir Path tmp) throws IOException {
    Path conf = bogusReductionConf(tmp);
    Path out = tmp.resolve("out");
    Path tokenizers = tmp.resolve("tokenizers");
    Path data = dataFlag.equals("--dataset_name") ? tmp.resolve("no_such_dataset") : manifest(tmp);
    Result r =
        run("train", "--config_path", conf.toString(), dataFlag, data.toString(), "--tokenizer_path", tokenizers.toString(),
            "--output_dir", out.toString(), "--do_train", "--do_eval", "--eval_manifest", data.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("model.rnnt_reduction in " + conf), "names the key path and the file: " + r.err());
    assertTrue(r.err().contains("'bogus'") && r.err().contains("mean_volume"), "the value and the accepted names: " + r.err());
    assertFalse(Files.exists(out), "no output directory");
    assertFalse(Files.exists(tokenizers), "no tokenizer trained");
  }

  /** A manifest naming an audio file that does not exist: reading it would fail, and must not happen. */
  private static Path manifest(Path dir) throws IOException {
    Path m = dir.resolve("train.jsonl");
    Files.writeString(m, "{\"audio_filepath\": \"missing.wav\", \"duration\": 1.0, \"text\": \"never read\"}\n");
    return m;
  }

  @ParameterizedTest
  @CsvSource({
    "train, --device, tpu",
    "train, --device, cuda:x",
    "train, --transcript_normalization, tedlium3",
    "train, --evaluation_strategy, sometimes",
    "train, --save_strategy, always",
    "train, --loss, full",
    "evaluate, --decoding_strategy, nsc",
    "train, --final_decoding_strategy, beam_search",
    "evaluate, --device, tpu",
    "evaluate, --transcript_normalization, tedlium3",
    "transcribe, --device, tpu",
    "loss, --reduction, mean_frames"
  })
  void aBadClosedSetFlagIsAUsageErrorNamingTheFlag(String command, String flag, String value, @TempDir Path tmp) {
    Path out = tmp.resolve("out");
    List<String> args = new ArrayList<>(List.of(command, flag, value));
    switch (command) {
      case "train" -> args.addAll(List.of("--output_dir", out.toString(), "--do_train", "--dataset_name", "datasets/synth_en_dummy"));
      case "evaluate" -> args.addAll(List.of("--model", "m.nemo", "--manifest", "m.jsonl", "--output_dir", out.toString()));
      case "loss" -> args.addAll(List.of("--input", "case.safetensors", "--output", out.toString()));
      default -> args.addAll(List.of("--model", "m.nemo", "utt.wav"));
    }
    Result r = run(args.toArray(String[]::new));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("Invalid value for option '" + flag + "'"), r.err());
    assertTrue(r.err().contains(value), r.err());
    assertFalse(Files.exists(out), "nothing written");
  }

  @Test
  void theClosedSetFlagsAcceptTheirNames() {
    TrainCommand train = new TrainCommand();
    new picocli.CommandLine(train)
        .parseArgs("--output_dir", "o", "--device", "cuda:1", "--dataset_name", "d", "--transcript_normalization", "Earnings22");
    assertEquals("cuda:1", train.trainingArguments().device().toString());
    assertEquals("earnings22", train.dataArguments().dataset().transcriptNormalization().toString());
    EvaluateCommand evaluate = new EvaluateCommand();
    new picocli.CommandLine(evaluate).parseArgs("--model", "m", "--manifest", "m.jsonl", "--output_dir", "o", "--decoding_strategy", "greedy");
    assertEquals(org.rnnt4j.decoding.DecodingStrategy.GREEDY, evaluate.evaluationArguments().decoding().strategy());
    assertEquals(org.rnnt4j.engine.DeviceSpec.AUTO, evaluate.evaluationArguments().device(), "auto by default: CUDA when visible");
  }
}

package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnnt4j.optim.OptimizerName;
import org.rnnt4j.train.TrainingArguments;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.model.LossKind;
import org.rnnt4j.model.ObjectiveOptions;
import org.rnnt4j.model.PruningOptions;
import org.rnnt4j.train.IntervalStrategy;
import org.rnnt4j.train.MixedPrecision;
import picocli.CommandLine;

/** Flag forms of HfArgumentParser, clear errors, and the tokenizer commands. */
class CommandLineTest {
  private static TrainCommand parse(String... args) {
    TrainCommand cmd = new TrainCommand();
    new CommandLine(cmd).setOverwrittenOptionsAllowed(true).parseArgs(args);
    return cmd;
  }

  @Test
  void aRepeatedFlagTakesItsLastValueAsArgparseDoes() {
    TrainCommand cmd = parse("--output_dir", "runs/dummy", "--num_train_epochs", "60", "--output_dir", "runs/x", "--num_train_epochs", "200");
    assertEquals(Path.of("runs/x"), cmd.trainingArguments().outputDir());
    assertEquals(200.0, cmd.trainingArguments().schedule().numTrainEpochs());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.run("train", "--output_dir", "a", "--output_dir", "b"));
    } finally {
      System.setErr(old);
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing to do"), "the repeated flag parsed: " + err);
  }

  @Test
  void booleanFlagsTakeHfArgumentParserForms() {
    assertTrue(parse("--output_dir", "o", "--do_train").trainingArguments().doTrain());
    assertTrue(parse("--output_dir", "o", "--do_train", "True").trainingArguments().doTrain());
    assertFalse(parse("--output_dir", "o", "--do_train=False").trainingArguments().doTrain());
    assertFalse(parse("--output_dir", "o", "--dataset_name", "d", "--do_lower_case", "false").dataArguments().doLowerCase());
    assertTrue(parse("--output_dir", "o", "--dataset_name", "d").dataArguments().doLowerCase(), "do_lower_case defaults to true as in the recipe");
    assertEquals(IntervalStrategy.STEPS, parse("--output_dir", "o", "--eval_strategy", "steps").trainingArguments().evaluation().strategy());
    assertEquals(IntervalStrategy.EPOCH, parse("--output_dir", "o", "--evaluation_strategy=epoch").trainingArguments().evaluation().strategy());
    assertEquals(2.84, parse("--output_dir", "o", "--num_train_epochs=2.84").trainingArguments().schedule().numTrainEpochs());
  }

  @Test
  void everyFlagOfTheRecipesDummyScriptIsAccepted() {
    TrainCommand cmd =
        parse(
            "--config_path=conf/x.yaml", "--dataset_name=d", "--tokenizer_path=tokenizer", "--vocab_size=1024",
            "--num_train_epochs=1", "--evaluation_strategy=epoch", "--dataset_config_name=clean",
            "--train_split_name=validation[:32]", "--eval_split_name=validation", "--test_split_name=validation[:90%]",
            "--text_column_name=text", "--output_dir=./output_dir", "--run_name=rnnt-ls-dummy",
            "--wandb_project=rnnt-dummy", "--per_device_train_batch_size=8", "--per_device_eval_batch_size=4",
            "--logging_steps=1", "--learning_rate=1e-4", "--warmup_steps=3", "--report_to=wandb", "--push_to_hub=False",
            "--preprocessing_num_workers=4", "--max_eval_samples=8", "--max_predict_samples=8", "--final_num_beams=1",
            "--length_column_name=input_lengths", "--save_strategy=no", "--fuse_loss_wer=False", "--group_by_length",
            "--overwrite_output_dir", "--fp16", "--freeze_encoder", "--do_lower_case", "--do_train", "--do_predict",
            "--use_auth_token", "--fused_batch_size=4", "--eval_steps=20000", "--save_steps=20000", "--max_steps=10",
            "--model_name_or_path=m", "--max_eval_duration_in_seconds=20", "--ignore_verifications");
    assertEquals(8, cmd.trainingArguments().schedule().perDeviceTrainBatchSize());
    assertEquals("validation[:90%]", cmd.dataArguments().test().splitName());
    // the dummy script's --final_num_beams=1 with the default beam strategy: NeMo's greedy search
    assertEquals(
        org.rnnt4j.decoding.DecodingParameters.of(org.rnnt4j.decoding.DecodingStrategy.BEAM, 1),
        cmd.trainingArguments().evaluation().finalDecoding());
  }

  @Test
  void lossFlagsAreRealOptionsWithTheRecipesAndIcefallsDefaults() {
    ObjectiveOptions defaults = parse("--output_dir", "o").objectiveOptions();
    assertEquals(LossKind.EXACT, defaults.loss());
    assertEquals(8, defaults.fusedBatchSize(), "the recipe fuses by default, 8 utterances at a time");
    assertEquals(new PruningOptions(5, 0.5, 2000, 0.25, 0.0), defaults.pruning());
    ObjectiveOptions pruned =
        parse(
                "--output_dir", "o", "--loss", "pruned", "--prune_range", "4", "--simple_loss_scale=0.3",
                "--prune_warmup_steps", "100", "--fuse_loss_wer=False", "--fused_batch_size", "2")
            .objectiveOptions();
    assertEquals(LossKind.PRUNED, pruned.loss());
    assertEquals(new PruningOptions(4, 0.3, 100, 0.25, 0.0), pruned.pruning());
    assertEquals(0, pruned.fusedBatchSize(), "--fuse_loss_wer=False: whole batches");
  }

  @Test
  void badLossFlagsAreUsageErrors(@TempDir Path tmp) {
    for (String[] flags :
        new String[][] {
          {"--loss", "full"}, {"--prune_range", "0", "--loss", "pruned"}, {"--fused_batch_size", "0"}
        }) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream old = System.err;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code;
      try {
        String[] args = new String[flags.length + 4];
        args[0] = "train";
        args[1] = "--output_dir";
        args[2] = tmp.resolve("out").toString();
        args[3] = "--do_train";
        System.arraycopy(flags, 0, args, 4, flags.length);
        code = Main.run(args);
      } finally {
        System.setErr(old);
      }
      String text = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, code, text);
      assertTrue(text.contains(flags[0]), text);
    }
  }

  @Test
  void optimizerAndMemoryFlagsTakeHuggingFacesAndTheRecipesNames() {
    TrainingArguments defaults = parse("--output_dir", "o").trainingArguments();
    assertEquals(OptimizerName.ADAMW_TORCH, defaults.optimization().optim(), "HF's default, adamw_torch");
    assertFalse(defaults.gradientCheckpointing());
    assertEquals(
        OptimizerName.ADAMW_BNB_8BIT,
        parse("--output_dir", "o", "--optim", "adamw_bnb_8bit").trainingArguments().optimization().optim());
    assertEquals(
        OptimizerName.ADAMW_BNB_8BIT, parse("--output_dir", "o", "--use_adam8bit").trainingArguments().optimization().optim());
    assertEquals(
        OptimizerName.ADAMW_TORCH,
        parse("--output_dir", "o", "--use_adam8bit=False").trainingArguments().optimization().optim());
    assertTrue(parse("--output_dir", "o", "--gradient_checkpointing").trainingArguments().gradientCheckpointing());
    IllegalArgumentException clash =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("--output_dir", "o", "--use_adam8bit", "--optim", "adamw_torch").trainingArguments());
    assertTrue(clash.getMessage().contains("--use_adam8bit"), clash.getMessage());
  }

  @Test
  void bf16AndFp16AreHuggingFacesFlagsAndExcludeEachOther() {
    assertEquals(MixedPrecision.NO, parse("--output_dir", "o").trainingArguments().precision());
    assertEquals(MixedPrecision.BF16, parse("--output_dir", "o", "--bf16").trainingArguments().precision());
    assertEquals(MixedPrecision.FP16, parse("--output_dir", "o", "--fp16").trainingArguments().precision());
    assertEquals(MixedPrecision.NO, parse("--output_dir", "o", "--fp16=False").trainingArguments().precision());
    IllegalArgumentException both =
        assertThrows(IllegalArgumentException.class, () -> parse("--output_dir", "o", "--bf16", "--fp16").trainingArguments());
    assertTrue(both.getMessage().contains("--bf16 and --fp16"), both.getMessage());
  }

  @Test
  void anOptimizerRnnt4jLacksIsAUsageErrorListingTheOthers() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("train", "--output_dir", "o", "--do_train", "--optim", "adafactor");
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, text);
    assertTrue(text.contains("--optim") && text.contains("adamw_torch, adamw_bnb_8bit") && text.contains("adafactor"), text);
  }

  @Test
  void unknownFlagFailsNamingItAndExitsWith2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("train", "--output_dir", "o", "--learning_rat", "1e-3");
    } finally {
      System.setErr(old);
    }
    assertEquals(2, code);
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("--learning_rat"), text);
    assertTrue(text.contains("--learning_rate"), "suggests the accepted flag: " + text);
  }

  @Test
  void missingConfigFileIsAClearError(@TempDir Path tmp) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.run(
              "train", "--config_path", tmp.resolve("nope.yaml").toString(), "--dataset_name", "datasets/synth_en_dummy",
              "--output_dir", tmp.resolve("out").toString(), "--do_train", "--max_train_samples", "1");
    } finally {
      System.setErr(old);
    }
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("nope.yaml does not exist"), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void tokenizerEncodePrintsIdsAndPiecesPerLine() throws Exception {
    Path model = Path.of("src/test/resources/nemo/tokenizer_spe_bpe_v128/tokenizer.model");
    String out = runWithStdin("\"good morning\"\n\"to you all\"\n", "tokenizer", "encode", "--model", model.toString(), "--json_lines");
    String[] lines = out.strip().split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[0].startsWith("{\"ids\":["), lines[0]);
    assertTrue(lines[0].contains("\"pieces\":["), lines[0]);
    assertTrue(lines[1].contains("\"▁to\""), lines[1]);
  }

  @Test
  void tokenizerTrainWritesNemoDirectory(@TempDir Path tmp) throws Exception {
    Path text = tmp.resolve("text.txt");
    java.nio.file.Files.writeString(text, "hello world\nthe quick brown fox\njumps over the lazy dog\n");
    String out = runWithStdin("", "tokenizer", "train", "--input", text.toString(), "--vocab_size", "32", "--spe_type", "bpe", "--output_dir", tmp.toString());
    Path dir = tmp.resolve("tokenizer_spe_bpe_v32");
    assertTrue(out.contains(dir.toString()), out);
    for (String f : new String[] {"tokenizer.model", "tokenizer.vocab", "vocab.txt"}) {
      assertTrue(java.nio.file.Files.exists(dir.resolve(f)), f);
    }
  }

  private static String runWithStdin(String stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.run(args));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}

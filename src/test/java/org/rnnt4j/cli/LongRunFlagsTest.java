package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.optim.ScheduleType;
import org.rnnt4j.train.TrainingArguments;
import org.rnnt4j.train.TrainingArguments.Resume;
import picocli.CommandLine;

/**
 * The long-run flags with Hugging Face's semantics: {@code --resume_from_checkpoint} in HfArgumentParser's
 * boolean spellings or a path, the schedule flags, {@code load_best_model_at_end}'s checks and defaults
 * (HF's messages), and {@code rnnt4j train args.json} as HfArgumentParser's {@code parse_json_file}.
 */
class LongRunFlagsTest {
  private static TrainingArguments parse(String... args) {
    TrainCommand cmd = new TrainCommand();
    new CommandLine(cmd).setOverwrittenOptionsAllowed(true).parseArgs(args);
    return cmd.trainingArguments();
  }

  @Test
  void resumeFromCheckpointTakesBooleansInAnyCaseOrAPath() {
    for (String yes : List.of("True", "true", "TRUE", "yes", "1")) {
      assertEquals(Resume.Mode.LATEST, Resume.parse(yes).mode(), yes);
    }
    for (String no : List.of("False", "false", "No", "0")) {
      assertEquals(Resume.Mode.NONE, Resume.parse(no).mode(), no);
    }
    assertEquals(new Resume(Resume.Mode.PATH, Path.of("out/checkpoint-300")), Resume.parse("out/checkpoint-300"));
    assertEquals(Resume.AUTO, parse("--output_dir", "o").resume());
    assertEquals(Resume.Mode.LATEST, parse("--output_dir", "o", "--resume_from_checkpoint", "True").resume().mode());
  }

  @Test
  void scheduleFlagsAndDefaults() {
    TrainingArguments a =
        parse("--output_dir", "o", "--lr_scheduler_type", "cosine_with_restarts", "--lr_scheduler_kwargs", "{\"num_cycles\": 3}",
            "--gradient_accumulation_steps", "4", "--logging_first_step", "--ema_decay", "0.999", "--average_checkpoints", "5");
    assertEquals(ScheduleType.COSINE_WITH_RESTARTS, a.schedule().lrSchedulerType());
    assertEquals(Map.of("num_cycles", 3.0), a.schedule().lrSchedulerKwargs());
    assertEquals(4, a.schedule().gradientAccumulationSteps());
    assertTrue(a.loggingAndSaving().loggingFirstStep());
    assertEquals(new TrainingArguments.WeightAveraging(0.999, 5), a.averaging());
    TrainingArguments d = parse("--output_dir", "o");
    assertEquals(ScheduleType.LINEAR, d.schedule().lrSchedulerType());
    assertEquals(1, d.schedule().gradientAccumulationSteps());
    assertEquals(10, d.optimization().maxConsecutiveBadSteps());
    assertNull(d.evaluation().metricForBestModel());
    assertThrows(CommandLine.ParameterException.class, () -> parse("--output_dir", "o", "--lr_scheduler_type", "NoamAnnealing"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("--output_dir", "o", "--lr_scheduler_kwargs", "num_cycles=3"));
    assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
  }

  @Test
  void bestModelFollowsHfsChecksAndRanksErrorRatesLowerIsBetter() {
    // HF: metric_for_best_model defaults to loss, which is lower-is-better
    TrainingArguments a =
        parse("--output_dir", "o", "--load_best_model_at_end", "--evaluation_strategy", "steps", "--eval_steps", "50",
            "--save_steps", "100");
    assertEquals("loss", a.evaluation().metricForBestModel());
    assertFalse(a.evaluation().greaterIsBetter());
    // HF would default greater_is_better to True for anything but a loss; an error rate is ranked lower-is-better
    assertFalse(parse("--output_dir", "o", "--metric_for_best_model", "eval_wer").evaluation().greaterIsBetter());
    assertFalse(parse("--output_dir", "o", "--metric_for_best_model", "cer").evaluation().greaterIsBetter());
    assertTrue(parse("--output_dir", "o", "--metric_for_best_model", "accuracy").evaluation().greaterIsBetter());
    assertTrue(parse("--output_dir", "o", "--metric_for_best_model", "wer", "--greater_is_better", "True").evaluation().greaterIsBetter());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("--output_dir", "o", "--load_best_model_at_end"));
    assertTrue(e.getMessage().contains("requires the save and eval strategy to match"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse(
        "--output_dir", "o", "--load_best_model_at_end", "--evaluation_strategy", "steps", "--eval_steps", "30", "--save_steps", "100"));
    assertTrue(e.getMessage().contains("round multiple of the evaluation steps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("--output_dir", "o", "--average_checkpoints", "5", "--save_total_limit", "2"));
    assertTrue(e.getMessage().contains("--save_total_limit"), e.getMessage());
  }

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(Main.run(args), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  @Test
  void aJsonFileAsTheOnlyArgumentGivesTheFlags(@TempDir Path tmp) throws Exception {
    Path json = tmp.resolve("args.json");
    Files.writeString(json, "{\"output_dir\": \"" + tmp.resolve("out") + "\", \"seed\": 3, \"do_train\": false, \"report_to\": [\"none\"],"
        + " \"lr_scheduler_kwargs\": {\"num_cycles\": 2}, \"metric_for_best_model\": null}");
    assertEquals(
        List.of("--output_dir", tmp.resolve("out").toString(), "--seed", "3", "--do_train", "false", "--report_to", "none",
            "--lr_scheduler_kwargs", "{\"num_cycles\":2}"),
        JsonArguments.flags(json));
    // parsed and converted: without a --do_* flag the command stops with its usage error
    Run r = run("train", json.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("nothing to do"), r.err());

    Files.writeString(json, "{\"output_dir\": \"o\", \"no_such_flag\": 1}");
    r = run("train", json.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("no_such_flag"), r.err());

    r = run("train", json.toString(), "--seed", "4");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("only argument"), r.err());

    r = run("train", "--do_train");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--output_dir"), r.err());
  }
}

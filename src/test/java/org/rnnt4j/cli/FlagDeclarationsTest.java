package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.data.text.RecipeDataset;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every flag is declared once: the flag names and defaults of train, evaluate and transcribe are those
 * they had before the dataset, evaluation and device flags moved into shared mixins (the recipe's and
 * Hugging Face's names), plus HF's {@code --optim} and {@code --gradient_checkpointing} and the recipe's
 * {@code --use_adam8bit} added since; shared flags have one help text; the recipe flags without effect form one list;
 * the version comes from the POM.
 */
class FlagDeclarationsTest {
  /**
   * "flag=default" of every option as declared before the mixins (empty: no default), plus the long-run
   * flags added since (resumption, accumulation, schedules, best model, averaged weights) and the
   * data-parallel ones (torchrun's launch flags, HF's --ddp_timeout, --sync_batchnorm).
   */
  private static final String TRAIN = """
      --config_path= --model_name_or_path= --pretrained_model_name_or_path= --cache_dir= --freeze_encoder=
      --unfreeze_encoder= --save_nemo=true --save_safetensors= --tokenizer_path=tokenizers
      --vocab_size=1024 --device=auto --dataset_name= --dataset_cache_dir= --download= --transcript_normalization=auto
      --preprocessing_only= --dataset_config_name= --train_split_name=train --eval_split_name=validation
      --test_split_name=test --text_column_name=text --audio_column_name=audio --train_manifest=
      --eval_manifest= --test_manifest= --max_duration_in_seconds=20.0 --min_duration_in_seconds=0.0
      --max_eval_duration_in_seconds= --max_train_samples= --max_eval_samples= --max_predict_samples=
      --max_target_length= --min_target_length=
      --do_lower_case=true --preprocessing_num_workers=2 --fail_on_bad_samples= --output_dir=
      --overwrite_output_dir= --do_train= --do_eval= --do_predict= --num_train_epochs=3.0 --max_steps=-1
      --per_device_train_batch_size=8 --per_device_eval_batch_size=8 --learning_rate=5e-5
      --weight_decay=0.0 --adam_beta1=0.9 --adam_beta2=0.999 --adam_epsilon=1e-8 --optim=adamw_torch
      --use_adam8bit= --gradient_checkpointing= --bf16= --fp16= --max_grad_norm=1.0
      --warmup_steps=0 --warmup_ratio=0.0 --logging_steps=500 --evaluation_strategy=no --eval_steps=
      --save_strategy=steps --save_steps=500 --save_total_limit=0 --seed=42 --report_to=all --run_name=
      --logging_dir= --disable_tqdm= --group_by_length=
      --dataloader_num_workers=1 --loss=exact --fuse_loss_wer=true --fused_batch_size=8 --prune_range=5
      --simple_loss_scale=0.5 --prune_warmup_steps=2000 --simple_lm_scale=0.25 --simple_am_scale=0.0
      --nproc_per_node=1 --nnodes=1 --node_rank=0 --master_addr=127.0.0.1 --master_port=29500 --ddp_timeout=1800
      --sync_batchnorm=
      --resume_from_checkpoint= --gradient_accumulation_steps=1 --lr_scheduler_type=linear
      --lr_scheduler_kwargs={} --optim_from_config= --max_consecutive_bad_steps=10 --load_best_model_at_end=
      --metric_for_best_model= --greater_is_better= --logging_first_step= --ema_decay=0 --average_checkpoints=0
      --wandb_project= --push_to_hub= --use_auth_token= --length_column_name=
      --final_num_beams=4 --final_decoding_strategy=beam --ignore_verifications=
      --overwrite_cache= --tokenizer_type=
      --spe_type= --cutoff_freq= --manifest_path= --torchaudio_resampler= --add_adapter=
      """;

  private static final String EVALUATE = """
      --model= --manifest= --dataset_name= --dataset_config_name= --eval_split_name=validation
      --text_column_name=text --audio_column_name=audio --output_dir= --decoding_strategy=greedy_batch
      --compute_loss= --per_device_eval_batch_size=8 --device=auto --do_lower_case=true
      --max_eval_samples= --max_eval_duration_in_seconds= --preprocessing_num_workers=2
      --fail_on_bad_samples= --write_alignments=
      """;

  /** evaluate's and transcribe's decoding flags (NeMo's names), added with the beam searches. */
  private static final String DECODING = """
      --decoding_strategy=greedy_batch --beam_size= --score_norm= --return_best_hypothesis= --tsd_max_sym_exp=
      --alsd_max_target_len= --maes_num_steps= --maes_prefix_alpha= --maes_expansion_beta= --maes_expansion_gamma=
      --nbest=
      """;

  private static final String TRANSCRIBE = """
      --model= --text_only= --batch_size=8 --device=auto --timestamps= --output_format=text
      """;

  private static Map<String, String> table(String text) {
    Map<String, String> out = new TreeMap<>();
    for (String entry : text.trim().split("\\s+")) {
      int eq = entry.indexOf('=');
      out.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    return out;
  }

  private static Map<String, String> declared(Object command) {
    Map<String, String> out = new TreeMap<>();
    for (OptionSpec o : new CommandLine(command).getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        out.put(o.longestName(), o.defaultValue() == null ? "" : o.defaultValue());
      }
    }
    return out;
  }

  @Test
  void flagNamesAndDefaultsAreUnchanged() {
    assertEquals(table(TRAIN), declared(new TrainCommand()));
    Map<String, String> transcribe = table(TRANSCRIBE);
    transcribe.putAll(table(DECODING));
    assertEquals(transcribe, declared(new TranscribeCommand()));
    Map<String, String> evaluate = table(EVALUATE);
    evaluate.putAll(table(DECODING));
    // the shared dataset mixin gives evaluate train's two rnnt4j dataset flags, with train's defaults
    evaluate.put("--transcript_normalization", "auto");
    evaluate.put("--download", "");
    evaluate.put("--dataset_cache_dir", "");
    assertEquals(evaluate, declared(new EvaluateCommand()));
  }

  @Test
  void sharedFlagsHaveOneHelpText() {
    CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
    CommandSpec evaluate = new CommandLine(new EvaluateCommand()).getCommandSpec();
    CommandSpec transcribe = new CommandLine(new TranscribeCommand()).getCommandSpec();
    List<String> shared = new ArrayList<>();
    for (Class<?> mixin : List.of(DatasetOptions.class, EvaluationOptions.class, DeviceOption.class)) {
      for (var field : mixin.getDeclaredFields()) {
        CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
        if (option != null) {
          shared.add(option.names()[0]);
        }
      }
    }
    assertEquals(15, shared.size(), "dataset, evaluation and device flags: " + shared);
    for (String name : shared) {
      assertEquals(
          Arrays.asList(train.findOption(name).description()),
          Arrays.asList(evaluate.findOption(name).description()),
          name);
    }
    assertEquals(
        Arrays.asList(train.findOption("--device").description()),
        Arrays.asList(transcribe.findOption("--device").description()));
    String rules = String.join(" ", train.findOption("--transcript_normalization").description());
    for (RecipeDataset d : RecipeDataset.values()) {
      assertTrue(rules.contains(d.key()), "--transcript_normalization lists " + d.key() + ": " + rules);
    }
  }

  @Test
  void theRecipeFlagsWithoutEffectAreOneListAndEachWarns(@TempDir Path tmp) {
    CommandSpec train = new CommandLine(new TrainCommand()).getCommandSpec();
    TreeSet<String> grouped = new TreeSet<>();
    for (ArgGroupSpec group : train.argGroups()) {
      group.options().forEach(o -> grouped.addAll(Arrays.asList(o.names())));
    }
    assertEquals(grouped, new TreeSet<>(RecipeCompatibilityFlags.NAMES));
    assertEquals(12, grouped.size(), grouped.toString());

    List<String> warnings = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            warnings.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger("rnnt4j");
    log.addHandler(handler);
    PrintStream oldErr = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      // no --do_* flag: the command stops with a usage error after the warnings
      assertEquals(2, Main.run("train", "--output_dir", tmp.toString(), "--fp16", "--run_name", "x", "--seed", "1",
          "--push_to_hub=False", "--length_column_name=input_lengths", "--cutoff_freq", "4", "--report_to", "wandb",
          "--wandb_project", "rnnt"));
    } finally {
      System.setErr(oldErr);
      log.removeHandler(handler);
    }
    assertEquals(2, warnings.size(), "cutoff_freq and report_to wandb warn; the others (--fp16 included) are what the recipe does: " + warnings);
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("--cutoff_freq ") && w.contains("has no effect")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("--report_to wandb") && w.contains("wandb sync --sync-tensorboard -p rnnt")),
        warnings.toString());
  }

  @Test
  void versionIsThePomsVersion() throws Exception {
    Matcher m =
        Pattern.compile("<artifactId>rnnt4j</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "pom.xml has the project version");
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.run("--version"));
    } finally {
      System.setOut(oldOut);
    }
    assertEquals("rnnt4j " + m.group(1), out.toString(StandardCharsets.UTF_8).strip());
  }
}

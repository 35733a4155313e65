package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnnt4j.util.Json;

/**
 * The four recipe scripts (scripts/run_*.sh), and the recipe's own command lines they are made from,
 * parse and prepare their data from imitations of the real datasets in a Hugging Face cache (the flags
 * point the caches there: --dataset_cache_dir, --cache_dir): every split the script names is found under
 * its real name, in its real columns, and prepared.
 */
class RecipeScriptsTest {
  @TempDir static Path home;
  static Path cache;

  @BeforeAll
  static void imitate() throws Exception {
    cache = home.resolve("hub");
    RecipeImitations.write(cache, RecipeImitations.tinyConformer());
  }

  private static List<String> withCaches(List<String> flags, Path out) {
    List<String> args = new ArrayList<>(List.of("train"));
    args.addAll(flags);
    args.addAll(List.of("--dataset_cache_dir=" + cache, "--cache_dir=" + cache, "--download=False", "--output_dir=" + out,
        "--preprocessing_only", "--preprocessing_num_workers=1"));
    return args;
  }

  /** The recipe's command line: the script's flags with W&B reporting back and without rnnt4j's --download. */
  static List<String> recipeCommandLine(List<String> script) {
    List<String> recipe = new ArrayList<>();
    for (String flag : script) {
      if (flag.equals("--download")) {
        continue;
      }
      if (flag.equals("--report_to=tensorboard")) {
        recipe.add("--wandb_project=rnnt");
        recipe.add("--report_to=wandb");
        continue;
      }
      // the recipe names the conf relative to its own folder; a bare name is looked for in conf/
      recipe.add(flag.equals("--config_path=conf/conformer_transducer_bpe_xlarge.yaml") ? "--config_path=conformer_transducer_bpe_xlarge.yaml" : flag);
    }
    return recipe;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "run_librispeech.sh, train.clean.100+train.clean.360+train.other.500, 48, validation.clean, 4, test.clean:3 test.other:3",
    "run_common_voice_9.sh, train, 12, validation, 4, test:3",
    "run_tedlium.sh, train, 12, validation, 4, test:3",
    "run_switchboard.sh, train, 12, validation, 4, test.switchboard:3 test.callhome:3"
  })
  void theScriptAndTheRecipesCommandLinePrepareEverySplit(
      String script, String trainSplit, int trainRows, String evalSplit, int evalRows, String tests) throws Exception {
    List<String> flags = RecipeImitations.scriptArgs(script);
    assertTrue(flags.contains("--model_name_or_path=stt_en_conformer_transducer_xlarge"), flags.toString());
    assertTrue(flags.contains("--train_split_name=" + trainSplit), flags.toString());
    assertTrue(flags.contains("--eval_split_name=" + evalSplit), flags.toString());
    for (List<String> variant : List.of(flags, recipeCommandLine(flags))) {
      Path out = home.resolve("out-" + script + "-" + variant.size());
      assertEquals(0, Main.run(withCaches(variant, out).toArray(String[]::new)), variant.toString());
      JsonNode report = Json.read(out.resolve("preprocessing_report.json"));
      assertEquals(16000, report.get("sample_rate").asInt(), "the xlarge conf's rate");
      assertEquals(trainRows, report.get("train").get("examples").asInt(), "all rows of " + trainSplit);
      assertEquals(evalRows, report.get("eval").get("examples").asInt());
      for (String test : tests.split(" ")) {
        String[] nameRows = test.split(":");
        assertEquals(Integer.parseInt(nameRows[1]), report.get(nameRows[0]).get("examples").asInt(), test);
      }
    }
  }

  @Test
  void theDatasetRulesApplyByTheRealNames() throws Exception {
    // each imitation's transcripts carry what its rules change: TED-LIUM's "<unk>" and "it 's", Switchboard's
    // "[laughter]", Common Voice's enclosing quotes; the rules are chosen by the dataset's real id
    Map<String, String> rules = Map.of("run_tedlium.sh", "tedlium", "run_switchboard.sh", "switchboard", "run_common_voice_9.sh", "common_voice");
    for (Map.Entry<String, String> e : rules.entrySet()) {
      Path out = home.resolve("rules-" + e.getKey());
      List<String> args = withCaches(RecipeImitations.scriptArgs(e.getKey()), out);
      args.addAll(List.of("--do_train=False", "--do_eval=False", "--max_predict_samples=1"));
      assertEquals(0, Main.run(args.toArray(String[]::new)));
      JsonNode report = Json.read(out.resolve("preprocessing_report.json"));
      int splits = 0;
      for (var it = report.fields(); it.hasNext(); ) {
        var split = it.next();
        if (split.getKey().equals("sample_rate")) {
          continue;
        }
        splits++;
        String step = "transcript rules " + e.getValue();
        JsonNode changed = null;
        for (JsonNode s : split.getValue().get("steps")) {
          if (s.get("step").asText().equals(step)) {
            changed = s.get("notes").get("changed by the " + e.getValue() + " rules");
          }
        }
        assertTrue(changed != null && changed.asInt() == 1, e.getKey() + " " + split.getKey() + ": " + split.getValue());
      }
      assertTrue(splits >= 1, report.toString());
    }
  }

  @Test
  void theScriptsKeepTheRecipesHyperParameters() throws Exception {
    for (String script : List.of("run_librispeech.sh", "run_common_voice_9.sh", "run_tedlium.sh", "run_switchboard.sh")) {
      List<String> flags = RecipeImitations.scriptArgs(script);
      for (String f : List.of("--per_device_train_batch_size=8", "--per_device_eval_batch_size=4", "--learning_rate=1e-4",
          "--warmup_steps=500", "--logging_steps=50", "--eval_steps=20000", "--save_steps=20000", "--fused_batch_size=4",
          "--fuse_loss_wer", "--group_by_length", "--vocab_size=1024", "--do_train", "--do_eval", "--do_predict")) {
        assertTrue(flags.contains(f), script + " has " + f + ": " + flags);
      }
      Map<String, String> epochs = Map.of("run_librispeech.sh", "--num_train_epochs=2.84", "run_common_voice_9.sh", "--max_steps=100000",
          "run_tedlium.sh", "--num_train_epochs=2.98", "run_switchboard.sh", "--num_train_epochs=3.39");
      assertTrue(flags.contains(epochs.get(script)), script);
    }
    assertTrue(Files.isRegularFile(Path.of("conf/conformer_transducer_bpe_xlarge.yaml")));
  }
}

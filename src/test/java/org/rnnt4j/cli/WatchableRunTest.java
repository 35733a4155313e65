package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.nemo.NemoArchive;
import org.rnnt4j.tensorboard.EventFileReader;

/**
 * Short trainings that leave what a user watches a run with: TensorBoard event files under
 * output_dir/runs/RUN/ (read back with the test's own reader of the format), training_curves.png and the
 * model card README.md. One is the README's dummy run (scripts/run_dummy.sh, cut to a few steps), one the
 * LibriSpeech recipe script fine-tuning a cached "stt_en_conformer_transducer_xlarge" (a tiny Conformer
 * under that name) on an imitation of librispeech_asr.
 */
@Tag("slow")
class WatchableRunTest {
  @TempDir Path tmp;

  private static List<String> dummyScriptArgs() throws IOException {
    List<String> args = new ArrayList<>();
    boolean inside = false;
    for (String line : Files.readAllLines(Path.of("scripts/run_dummy.sh"))) {
      String t = line.strip();
      if (t.startsWith("exec ./rnnt4j train")) {
        inside = true;
        continue;
      }
      if (inside && !t.equals("\"$@\"")) {
        args.add(t.endsWith("\\") ? t.substring(0, t.length() - 1).strip() : t);
      }
    }
    return args.stream().flatMap(a -> Stream.of(a.split(" ", 2))).toList();
  }

  /** tag -> step -> value, from every event file of the run directory. */
  private static Map<String, Map<Long, Float>> scalars(Path runDir) throws IOException {
    Map<String, Map<Long, Float>> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(runDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList()) {
        for (EventFileReader.Event e : EventFileReader.read(f)) {
          if (e.scalar() != null) {
            out.computeIfAbsent(e.tag(), t -> new TreeMap<>()).put(e.step(), e.scalar());
          }
        }
      }
    }
    return out;
  }

  private static void assertCurves(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(900, image.getHeight(), "three panels of 300 pixels");
    long drawn = 0;
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        drawn += (image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
      }
    }
    assertTrue(drawn > 1000, "axes, labels and lines drawn: " + drawn + " non-white samples");
  }

  @Test
  void theDummyRunLeavesEventFilesCurvesAndAModelCard() throws Exception {
    Path out = tmp.resolve("dummy");
    List<String> args = new ArrayList<>(List.of("train"));
    args.addAll(dummyScriptArgs());
    args.addAll(List.of("--output_dir", out.toString(), "--tokenizer_path", tmp.resolve("tok").toString(), "--max_steps", "12",
        "--eval_steps", "6", "--save_steps", "12", "--logging_steps", "3", "--run_name", "dummy-run", "--max_eval_samples", "8"));
    assertEquals(0, Main.run(args.toArray(String[]::new)), args.toString());

    Map<String, Map<Long, Float>> scalars = scalars(out.resolve("runs/dummy-run"));
    assertEquals(List.of(3L, 6L, 9L, 12L), List.copyOf(scalars.get("train/loss").keySet()), scalars.keySet().toString());
    assertEquals(scalars.get("train/loss").keySet(), scalars.get("train/learning_rate").keySet());
    assertEquals(scalars.get("train/loss").keySet(), scalars.get("train/grad_norm").keySet());
    assertTrue(scalars.get("eval/wer").containsKey(6L) && scalars.get("eval/wer").containsKey(12L), scalars.get("eval/wer").toString());
    assertTrue(scalars.containsKey("train/train_runtime") && scalars.containsKey("train/epoch"), scalars.keySet().toString());
    assertTrue(scalars.containsKey("validation/wer"), "the final test set: " + scalars.keySet());
    // the learning rate the trainer logged (trainer_state.json) is the one in TensorBoard (as float32)
    var history = org.rnnt4j.util.Json.read(out.resolve("trainer_state.json")).get("log_history");
    for (var entry : history) {
      if (entry.has("learning_rate")) {
        assertEquals((float) entry.get("learning_rate").asDouble(), scalars.get("train/learning_rate").get(entry.get("step").asLong()));
      }
    }

    assertCurves(out.resolve("training_curves.png"));
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(card.startsWith("---\nlibrary_name: nemo\n"), card);
    assertTrue(card.contains("# dummy-run"), card);
    assertTrue(card.contains("This model was trained from scratch (contextnet_rnnt_tiny.yaml) on the datasets/synth_en_dummy dataset."), card);
    assertTrue(card.contains("| Training Loss | Epoch | Step | Validation Loss | Wer | Cer |"), card);
    assertTrue(card.contains("| validation (eval) | beam with beam_size 4 | 8 | ") && card.contains("| validation | beam with beam_size 4 | 16 | "), card);
    // the final evaluation is the recipe README's beam search; the results say so next to each figure
    com.fasterxml.jackson.databind.JsonNode all = org.rnnt4j.util.Json.read(out.resolve("all_results.json"));
    assertEquals("beam", all.get("eval_decoding_strategy").asText(), all.toString());
    assertEquals(4, all.get("eval_beam_size").asInt(), all.toString());
    assertEquals(2, all.get("eval_wer_ci95").size(), all.toString());
    assertTrue(all.get("eval_wer_ci95").get(0).asDouble() <= all.get("eval_wer").asDouble()
        && all.get("eval_wer").asDouble() <= all.get("eval_wer_ci95").get(1).asDouble(), all.toString());
    assertEquals("beam", all.get("validation_decoding_strategy").asText(), all.toString());
    assertTrue(card.contains("- optimizer: AdamW with betas=(0.9,0.999), epsilon=1e-08 and weight_decay=0.0\n"), card);
    assertTrue(card.contains("EncDecRNNTBPEModel.restore_from(") && card.contains("./rnnt4j transcribe --model"), card);
    assertTrue(card.contains("- learning_rate: 0.005\n- train_batch_size: 8\n"), card);
  }

  @Test
  void theLibriSpeechScriptFineTunesACachedPretrainedName() throws Exception {
    Path cache = tmp.resolve("hub");
    RecipeImitations.write(cache, RecipeImitations.tinyConformer());
    Path conf = tmp.resolve("tiny_conf");
    NemoArchive.extract(RecipeImitations.tinyConformer(), conf);
    Path out = tmp.resolve("ls");
    List<String> args = new ArrayList<>(List.of("train"));
    args.addAll(RecipeImitations.scriptArgs("run_librispeech.sh"));
    // the XL conf would not fit the tiny weights: the tiny model's own conf stands in for it
    args.addAll(List.of("--config_path=" + conf.resolve(NemoArchive.MODEL_CONFIG), "--dataset_cache_dir=" + cache, "--cache_dir=" + cache,
        "--download=False", "--output_dir=" + out, "--tokenizer_path=" + tmp.resolve("tok"), "--vocab_size=128", "--max_steps=4",
        "--logging_steps=1", "--eval_steps=2", "--save_steps=4", "--warmup_steps=1", "--per_device_train_batch_size=4",
        "--max_eval_samples=2", "--max_predict_samples=2", "--preprocessing_num_workers=1"));
    assertEquals(0, Main.run(args.toArray(String[]::new)), args.toString());

    Map<String, Map<Long, Float>> scalars = scalars(out.resolve("runs/rnnt-ls-960h-baseline"));
    assertEquals(List.of(1L, 2L, 3L, 4L), List.copyOf(scalars.get("train/loss").keySet()));
    assertEquals(List.of(2L, 4L), List.copyOf(scalars.get("eval/wer").keySet()));
    assertTrue(scalars.containsKey("test.clean/wer") && scalars.containsKey("test.other/wer"), scalars.keySet().toString());
    assertCurves(out.resolve("training_curves.png"));
    String card = Files.readString(out.resolve("README.md"));
    assertTrue(card.contains("base_model: \"nvidia/stt_en_conformer_transducer_xlarge\""), card);
    assertTrue(card.contains("This model is a fine-tuned version of [stt_en_conformer_transducer_xlarge]"
        + "(https://huggingface.co/nvidia/stt_en_conformer_transducer_xlarge) on the librispeech_asr (all) dataset."), card);
    assertTrue(card.contains("      config: \"all\"\n      split: \"test.clean\"\n"), card);
    assertTrue(card.contains("- training: train.clean.100+train.clean.360+train.other.500"), card);
    assertTrue(card.contains("| test.other | beam with beam_size 4 | 2 |"), card);
  }
}

package org.rnnt4j.train;

import org.rnnt4j.train.run.TrainingRun;
import org.rnnt4j.testing.FixtureAudio;
import org.rnnt4j.data.pipeline.DataArguments;
import org.rnnt4j.data.pipeline.DatasetSelection;
import org.rnnt4j.loading.ModelArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.SafetensorsExport;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;

/**
 * The fine-tuning flags end to end, starting from the fixture contextnet_tiny.nemo (written by the
 * reference generator, a port of NeMo's model run in PyTorch 1.13): a new tokenizer
 * (vocabulary change) with a frozen encoder, unfreezing after the first evaluation, and restoring a
 * model as it is.
 */
@Tag("slow")
class FineTuningTest {
  private static final String NEMO = Goldens.resource("nemo/contextnet_tiny.nemo").toString();

  private static TrainingArguments args(Path out, long maxSteps, IntervalStrategy eval, boolean train) {
    return TrainingArguments.builder(out)
        .overwriteOutputDir(true)
        .doTrain(train)
        .doEval(!train)
        .numTrainEpochs(1.0)
        .maxSteps(maxSteps)
        .perDeviceTrainBatchSize(2)
        .perDeviceEvalBatchSize(2)
        .learningRate(1e-2)
        .loggingSteps(1)
        .evaluationStrategy(eval)
        .evalSteps(1L)
        .saveStrategy(IntervalStrategy.NO)
        .saveSteps(1)
        .dataloaderNumWorkers(0)
        .build();
  }

  /** A manifest of the two fixture utterances, used as training and evaluation data. */
  private static DataArguments fixtureData(Path tmp) throws IOException {
    Path manifest = tmp.resolve("manifest.jsonl");
    Files.writeString(
        manifest,
        "{\"audio_filepath\": \"" + FixtureAudio.wav(0) + "\", \"duration\": 1.49, \"text\": \"" + FixtureAudio.TRANSCRIPTS.get(0) + "\"}\n"
            + "{\"audio_filepath\": \"" + FixtureAudio.wav(1) + "\", \"duration\": 2.88, \"text\": \"" + FixtureAudio.TRANSCRIPTS.get(1) + "\"}\n");
    return DataArguments.builder()
        .dataset(DatasetSelection.builder().preprocessingNumWorkers(1).build())
        .trainManifest(manifest.toString())
        .evalManifest(manifest.toString())
        .build();
  }

  @Test
  void newTokenizerFrozenEncoderSavesNemoAndSafetensors(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    ModelArguments model =
        new ModelArguments(null, NEMO, null, tmp.resolve("tok"), 32, true, false, true, true);
    new TrainingRun(args(out, 2, IntervalStrategy.NO, true), TrainingRunTest.data(4), model, Map.of()).run();

    SavedModel before = SavedModel.open(NEMO);
    SavedModel after = SavedModel.open(out.resolve("model.nemo").toString());
    assertEquals(32, after.tokenizer().vocabSize(), "the tokenizer trained under --tokenizer_path replaced the checkpoint's");
    assertEquals(33, after.weights().stateDict().get("decoder.prediction.embed.weight").shape()[0]);
    assertEquals(tmp.resolve("tok/tokenizer_spe_bpe_v32").toAbsolutePath().toString(), after.config().getString("tokenizer.dir"),
        "tokenizer.dir names the new tokenizer, as the recipe sets it");
    assertEquals(before.weights().metadata(), after.weights().metadata(), "the checkpoint's _metadata is carried");
    int frozen = 0;
    for (Map.Entry<String, NamedArray> e : before.weights().stateDict().entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("encoder.")) {
        continue;
      }
      // contextnet_tiny's BatchNorm layers: mconv.2 of each block and the residual branch's res.0.1
      boolean batchNorm = key.contains(".mconv.2.") || key.contains(".res.0.1.");
      NamedArray now = after.weights().stateDict().get(key);
      if (batchNorm) {
        assertFalse(e.getValue().equals(now), key + ": BatchNorm stays trainable and updates its statistics");
      } else {
        assertEquals(e.getValue(), now, key + " is frozen");
        frozen++;
      }
    }
    assertEquals(9, frozen, "frozen encoder tensors (convolutions and squeeze-excitation)");
    assertFalse(before.weights().stateDict().get("decoder.prediction.dec_rnn.lstm.weight_hh_l0")
        .equals(after.weights().stateDict().get("decoder.prediction.dec_rnn.lstm.weight_hh_l0")), "the decoder trains");

    // the directory, the .nemo and the safetensors hold the same tensors
    SavedModel dir = SavedModel.open(out.toString());
    assertEquals(after.weights().stateDict(), dir.weights().stateDict());
    var st = SafeTensors.read(out.resolve(SafetensorsExport.WEIGHTS));
    after.weights().stateDict().forEach((k, v) -> assertEquals(v, st.tensor(k), k));
    assertTrue(Files.isRegularFile(out.resolve(SafetensorsExport.CONFIG)));
  }

  @Test
  void unfreezeEncoderTrainsTheEncoderAfterTheFirstEvaluation(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    ModelArguments model = new ModelArguments(null, NEMO, null, null, 0, true, true, true, false);
    new TrainingRun(args(out, 2, IntervalStrategy.STEPS, true), fixtureData(tmp), model, Map.of()).run();
    SavedModel before = SavedModel.open(NEMO);
    SavedModel after = SavedModel.open(out.resolve("model.nemo").toString());
    assertEquals(before.tokenizer().pieces(), after.tokenizer().pieces(), "no --tokenizer_path: the checkpoint's tokenizer is kept");
    String conv = "encoder.encoder.0.mconv.0.conv.weight";
    assertFalse(Arrays.equals(before.weights().stateDict().get(conv).toFloatArray(), after.weights().stateDict().get(conv).toFloatArray()),
        "step 2 (after the evaluation at step 1) updated the encoder");
  }

  @Test
  void aPretrainedModelIsRestoredAsItIs(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("out");
    ModelArguments model = new ModelArguments(null, null, NEMO, tmp.resolve("ignored"), 32, false, false, true, false);
    Map<String, Object> all = new TrainingRun(args(out, 1, IntervalStrategy.NO, false), fixtureData(tmp), model, Map.of()).run();
    assertEquals(0.0, ((Number) all.get("eval_wer")).doubleValue(), all.toString());
    assertFalse(Files.exists(tmp.resolve("ignored")), "no tokenizer is trained when restoring");
    String first = Files.readAllLines(out.resolve("eval_predictions.jsonl")).get(0);
    assertTrue(first.contains("\"audio_filepath\"") && first.contains("\"pred_text\":\"good morning to you all\""), first);
  }
}

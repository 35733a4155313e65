package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.checkpoint.SavedModel;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.util.Json;
import org.rnnt4j.util.safetensors.NamedArray;

/** A state written as checkpoint-N/ reads back equal, bit for bit, and the directory is also a model directory. */
class TrainingCheckpointRoundTripTest {
  private static TrainedStates trained;

  @BeforeAll
  static void train() {
    trained = TrainedStates.build(1234);
  }

  @Test
  void whatIsWrittenReadsBackEqual(@TempDir Path tmp) {
    Path dir = tmp.resolve("checkpoint-5");
    TrainingCheckpointWriter.write(dir, trained.state);
    TrainingState back = TrainingCheckpointReader.read(dir);

    assertEquals(trained.state, back);
    // the parts one by one, so that a failure says which
    assertEquals(trained.state.model(), back.model());
    assertEquals(trained.state.optimizer(), back.optimizer());
    assertEquals(trained.state.schedule(), back.schedule());
    assertEquals(trained.state.rng(), back.rng());
    assertEquals(trained.state.trainerState(), back.trainerState());
    assertEquals(trained.state.sections(), back.sections());
    assertArrayEquals(new byte[] {1, 2, 3, 0, -1}, back.sections().get("loss_scaler").files().get("scaler/history.bin"));
  }

  @Test
  void tensorsAreTheLiveOnesBitForBitWithPerParameterSteps(@TempDir Path tmp) {
    Path dir = tmp.resolve("checkpoint-5");
    TrainingCheckpointWriter.write(dir, trained.state);
    TrainingState back = TrainingCheckpointReader.read(dir);

    Map<String, Tensor> weights = trained.model.stateDict();
    assertEquals(weights.keySet(), back.model().weights().stateDict().keySet());
    weights.forEach((name, t) -> assertBitEqual(t, back.model().weights().stateDict().get(name), name));

    Map<String, AdamW.Moments> live = trained.optimizer.moments();
    assertEquals(trained.model.namedParameters().keySet(), back.optimizer().parameters().keySet(), "every parameter was updated");
    live.forEach((name, m) -> {
      OptimizerState.ParameterMoments read = back.optimizer().parameters().get(name);
      assertBitEqual(m.expAvg(), read.expAvg(), "exp_avg." + name);
      assertBitEqual(m.expAvgSq(), read.expAvgSq(), "exp_avg_sq." + name);
      long expected = name.startsWith("encoder.") ? TrainedStates.ENCODER_STEPS : TrainedStates.OTHER_STEPS;
      assertEquals(expected, read.step(), "step." + name);
    });
    assertEquals(TrainedStates.ENCODER_STEPS, back.optimizer().stepCount());
    assertEquals(0.98, back.optimizer().beta2());
    assertEquals(1e-9, back.optimizer().eps());
    assertTrue(back.optimizer().decayed().contains("joint.joint_net.2.weight"), back.optimizer().decayed().toString());
    assertFalse(back.optimizer().decayed().contains("joint.joint_net.2.bias"));

    assertEquals(new SamplerPosition(1234, 1, 6, 14), back.rng().sampler());
    assertEquals(Device.CPU, back.rng().generators().get(0).device());
    assertArrayEquals(trained.state.rng().generators().get(0).state(), back.rng().generators().get(0).state());
    assertEquals(5, back.schedule().step());
    assertEquals(1e-3 * 5 / 8, back.schedule().lastLr(), 1e-15, "linear decay from step 2 to 10");
    assertEquals(5, back.trainerState().globalStep());
    assertEquals(12.3456, back.trainerState().logHistory().get(0).get("loss"));
  }

  @Test
  void theHeaderChecksumsEveryFileAndTheDirectoryIsAModelDirectory(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("checkpoint-5");
    TrainingCheckpointWriter.write(dir, trained.state);
    JsonNode header = Json.read(dir.resolve("checkpoint.json"));
    assertEquals("rnnt4j-training-checkpoint", header.get("format").asText());
    assertEquals(1, header.get("version").asInt());
    assertEquals(5, header.get("global_step").asInt());
    List<String> sections = new ArrayList<>();
    TreeSet<String> listed = new TreeSet<>();
    for (JsonNode s : header.get("sections")) {
      sections.add(s.get("name").asText() + (s.get("required").asBoolean() ? "" : "?"));
      for (JsonNode f : s.get("files")) {
        listed.add(f.get("path").asText());
        assertEquals(64, f.get("sha256").asText().length());
      }
    }
    assertEquals(List.of("model", "optimizer", "scheduler", "rng", "trainer_state", "loss_scaler?"), sections);
    TreeSet<String> present = new TreeSet<>();
    try (var files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(f -> present.add(dir.relativize(f).toString()));
    }
    present.remove("checkpoint.json");
    assertEquals(present, listed, "every file but the header is listed with its checksum");
    assertTrue(listed.contains("tokenizer_spe_bpe_v128/tokenizer.model"), listed.toString());
    try (var siblings = Files.list(tmp)) {
      assertEquals(List.of(dir), siblings.toList(), "no temporary folder is left");
    }

    SavedModel model = SavedModel.open(dir.toString());
    assertEquals(128, model.tokenizer().vocabSize());
    trained.model.stateDict().forEach((name, t) -> assertBitEqual(t, model.weights().stateDict().get(name), name));
  }

  private static void assertBitEqual(Tensor expected, NamedArray actual, String name) {
    assertArrayEquals(expected.shape(), actual.shape(), name);
    if (expected.dtype().isFloatingPoint()) {
      float[] e = expected.toFloatArray();
      ByteBuffer a = actual.data();
      assertEquals(e.length * 4L, a.remaining(), name + " is float32");
      for (int i = 0; i < e.length; i++) {
        if (Float.floatToRawIntBits(e[i]) != a.getInt(4 * i)) {
          throw new AssertionError(name + "[" + i + "]: expected " + e[i] + ", got " + a.getFloat(4 * i));
        }
      }
    } else {
      assertArrayEquals(expected.toLongArray(), actual.toLongArray(), name);
    }
  }
}

package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.Json;

/**
 * {@code rnnt4j bench train}, {@code bench peak} and {@code bench loss} run end to end on tiny shapes and
 * write reports with the PyTorch peer's key names ({@code ../shared/peer/bench_torch.py}) and rnnt4j's
 * schema. Only the
 * report's structure and the batch's arithmetic are checked: no timing.
 */
class BenchCommandsTest {
  private static final String TINY_CONF = "conf/contextnet_rnnt_tiny.yaml";
  private static final List<String> PEER_KEYS =
      List.of(
          "model", "parameters", "batch", "audio_seconds_per_batch", "label_lengths", "encoded_lengths",
          "loss_reduction", "steps_timed", "warmup_steps", "step_ms", "median_step_ms",
          "audio_seconds_per_wall_second", "peak_rss_mb", "rss_before_steps_mb", "joint_logits_shape",
          "joint_logits_mb", "forward_gemm_gflop", "train_step_gflop_estimate", "achieved_gflops");
  private static final List<String> STAGES =
      List.of(
          "data", "features", "spec_augment", "encoder_forward", "prediction_forward", "joint_loss", "backward",
          "clipping", "optimizer");

  private static String[] tinyTrain(Path output, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "bench", "train", "--config", TINY_CONF, "--batch", "2", "--audio_seconds", "1.0", "--labels", "4",
                "--vocab", "16", "--steps", "2", "--warmup", "1", "--device", "cpu", "--output", output.toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  @Test
  void benchTrainWithProfileReportsThePeersKeysAndEveryStage(@TempDir Path tmp) {
    Path out = tmp.resolve("train.json");
    assertEquals(0, Main.run(tinyTrain(out, "--profile", "--matmul_size", "64")));
    JsonNode r = Json.read(out);
    assertEquals("rnnt4j bench train", r.get("benchmark").asText());
    assertEquals(1, r.get("schema_version").asInt());
    for (String key : PEER_KEYS) {
      assertTrue(r.has(key), "peer key " + key + " in " + r);
    }
    assertEquals(2, r.get("step_ms").size());
    assertEquals(2, r.get("steps_timed").asInt());
    assertTrue(r.get("median_step_ms").asDouble() > 0);
    // utterances of 16000 and 14400 samples at 16 kHz, 4 and 3 labels out of 16 + blank
    assertEquals(1.9, r.get("audio_seconds_per_batch").asDouble(), 1e-12);
    assertEquals("[4,3]", Json.compact(r.get("label_lengths")));
    assertEquals(2, r.get("encoded_lengths").size());
    JsonNode joint = r.get("joint_logits_shape");
    assertEquals(2, joint.get(0).asInt());
    assertEquals(5, joint.get(2).asInt());
    assertEquals(17, joint.get(3).asInt());
    assertTrue(r.get("forward_gemm_gflop").asDouble() > 0);
    assertEquals("exact", r.get("loss").asText());
    assertEquals(8, r.get("fused_batch_size").asInt());
    assertTrue(r.get("matmul_fp32").get("gflops").asDouble() > 0);
    for (String stage : STAGES) {
      assertTrue(r.get("profile").has(stage), "stage " + stage + " in " + r.get("profile"));
      assertTrue(r.get("profile").get(stage).get("median_ms").asDouble() >= 0, stage);
    }
    assertTrue(r.get("native_settings").get("intra_op_threads").asInt() >= 1);
    assertTrue(r.get("native_settings").has("malloc"));
  }

  @Test
  void benchTrainRunsThePrunedLossUnderBf16BesideABusyThread(@TempDir Path tmp) {
    Path out = tmp.resolve("pruned.json");
    assertEquals(
        0, Main.run(tinyTrain(out, "--loss", "pruned", "--bf16", "--busy_threads", "1", "--matmul_size", "0")));
    JsonNode r = Json.read(out);
    assertEquals("pruned", r.get("loss").asText());
    assertTrue(r.get("bf16").asBoolean());
    assertEquals(1, r.get("busy_threads").asInt());
    assertTrue(Double.isFinite(r.get("last_loss").asDouble()), "the step's loss is finite: " + r.get("last_loss"));
    assertTrue(!r.has("profile") && !r.has("matmul_fp32"), "no profile, no peak asked for");
  }

  @Test
  void benchPeakReportsBothPrecisions(@TempDir Path tmp) {
    Path out = tmp.resolve("peak.json");
    assertEquals(0, Main.run("bench", "peak", "--size", "64", "--device", "cpu", "--output", out.toString()));
    JsonNode r = Json.read(out);
    assertEquals("rnnt4j bench peak", r.get("benchmark").asText());
    assertEquals(64, r.get("float32").get("n").asInt());
    assertEquals(10, r.get("float32").get("reps").asInt());
    assertTrue(r.get("float32").get("gflops").asDouble() > 0);
    assertTrue(r.get("bfloat16").has("gflops") || r.get("bfloat16").has("error"), r.toString());
    assertTrue(r.get("cpu_features").has("bf16_native"));
  }

  @Test
  void benchLossRunsItsChildrenOnATinyShapeAndReportsThePeersKeys(@TempDir Path tmp) {
    Path out = tmp.resolve("loss.json");
    assertEquals(
        0,
        Main.run(
            "bench", "loss", "--shape", "3,12,5,17", "--repeats", "1", "--threads", "1", "--variants",
            "loss/exact,step/exact,step/pruned_s4", "--output", out.toString()));
    JsonNode r = Json.read(out);
    assertEquals("rnnt4j bench loss", r.get("benchmark").asText());
    assertEquals(1, r.get("schema_version").asInt());
    JsonNode shape = r.get("shape");
    assertEquals("3 12 5 17", shape.get("B") + " " + shape.get("T") + " " + shape.get("U") + " " + shape.get("V"));
    assertEquals(3, r.get("variants").size());
    for (JsonNode v : r.get("variants")) {
      assertTrue(Double.isFinite(v.get("loss").asDouble()), v.toString());
      assertEquals(1, v.get("seconds").get("runs").size(), v.toString());
    }
    for (String key : List.of("rnnt_loss_fwd_bwd_median_ms", "joint_plus_loss_fwd_bwd_median_ms", "peak_rss_mb")) {
      assertTrue(r.get(key).asDouble() > 0, "peer key " + key + " in " + r);
    }
  }
}

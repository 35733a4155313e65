package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.Json;

/**
 * scripts/gpu_check.sh's Java side, {@code rnnt4j bench gpu}, as a smoke test on the CPU at a tiny shape
 * (conf/contextnet_rnnt_dummy.yaml, 32 pieces, 2 utterances of 0.5 s, seed 42): every check runs and
 * writes the JSON report; the tensor-ops loss agrees with the Java kernel (1e-5), greedy_batch's
 * hypotheses are the CPU's, each precision trains with finite losses, and on the CPU no host-device
 * copy is counted. On CUDA the script is unverified here (no GPU on this machine).
 */
class BenchGpuCommandTest {
  @Test
  void aTinyCpuRunWritesTheReportWithEveryCheck(@TempDir Path tmp) {
    Path out = tmp.resolve("gpu.json");
    int code =
        Main.run(
            "bench", "gpu", "--device", "cpu", "--config_path", "conf/contextnet_rnnt_dummy.yaml", "--vocab_size", "32",
            "--batch_size", "2", "--seconds", "0.5", "--labels", "4", "--warmup", "1", "--steps", "1",
            "--loss_shape", "2,6,3,8", "--output", out.toString());
    JsonNode report = Json.read(out);
    assertEquals(0, code, report.toPrettyString());
    assertEquals("cpu", report.get("device").asText());
    JsonNode loss = report.get("device_loss");
    assertEquals("tensor_ops", loss.get("device_backend").asText());
    assertTrue(loss.get("max_gradient_difference").asDouble() <= 1e-5, loss.toString());
    assertEquals(2, report.get("greedy_batch").get("identical_hypotheses").asInt());
    assertEquals(2, report.get("beam_search").get("identical_hypotheses").asInt(), report.get("beam_search").toString());
    for (String precision : new String[] {"fp32", "bf16", "fp16"}) {
      JsonNode t = report.get("train").get(precision);
      assertTrue(t.get("ok").asBoolean() && t.get("median_step_seconds").asDouble() > 0, precision + ": " + t);
      assertEquals(0.0, t.get("host_to_device_copies_per_step").asDouble(), precision + ": nothing crosses to a device");
      assertEquals(0.0, t.get("device_to_host_copies_per_step").asDouble(), precision);
    }
    assertEquals(1.0, report.get("train").get("fp32").get("loss_scale").asDouble(), "no scaler in float32");
    double fp16Scale = report.get("train").get("fp16").get("loss_scale").asDouble();
    assertTrue(fp16Scale > 0 && fp16Scale <= 65536.0, "GradScaler's start, halved per overflow: " + fp16Scale);
  }
}

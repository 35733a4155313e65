package org.rnnt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.engine.Engine;

/**
 * Every variant of the loss benchmark runs on a tiny shape in this process, and the strategies that
 * compute the same loss agree on it (the benchmark measures the real thing, not a stand-in). Its
 * memory figures are checked by {@link LossBenchmarkMemoryTest} (benchmark profile, child JVM): read
 * here, they race with the rest of the suite.
 */
class LossBenchmarkTest {
  static final BenchmarkShape TINY = new BenchmarkShape(3, 12, 5, 17, 6, 5, 8);

  @Test
  void everyVariantRunsAndEquivalentOnesAgree() {
    Map<String, Double> losses = new HashMap<>();
    int threads = Engine.threads();
    try {
      for (String name : LossBenchmark.standardVariants()) {
        BenchmarkVariant v = BenchmarkVariant.parse(name);
        assertEquals(name, v.name());
        VariantMeasurement m = LossBenchmark.measure(v, TINY, 2, 1);
        assertEquals(1, m.seconds().length);
        assertTrue(Double.isFinite(m.loss()), name + ": loss " + m.loss());
        Map<String, Object> json = m.toJson(v);
        assertEquals(name, json.get("name"));
        losses.put(name, m.loss());
      }
    } finally {
      Engine.setThreads(threads); // measure() sets libtorch's global thread count; later tests get theirs back
    }
    double exact = losses.get("loss/exact");
    for (String same : new String[] {"loss/exact_forward", "loss/fused_n1", "loss/fused_n2", "loss/fused_n4"}) {
      assertEquals(exact, losses.get(same), 1e-9 * exact, same);
    }
    for (String same : new String[] {"loss/tensor_ops", "loss/tensor_ops_forward"}) {
      assertEquals(exact, losses.get(same), 1e-6 * exact, same); // float32 row passes
    }
    double step = losses.get("step/exact");
    for (String same :
        new String[] {"step/surrogate", "step/exact_tensor_ops", "step/fused_n1", "step/fused_n2", "step/fused_n4"}) {
      assertEquals(step, losses.get(same), 1e-6 * step, same);
    }
  }

  @Test
  void unknownVariantsListTheKnownOnes() {
    assertEquals(new BenchmarkVariant("step", "fused", 3), BenchmarkVariant.parse("step/fused_n3"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchmarkVariant.parse("loss/fast"));
    assertTrue(e.getMessage().contains("loss/exact"), e.getMessage());
  }
}

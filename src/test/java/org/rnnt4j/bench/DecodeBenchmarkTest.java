package org.rnnt4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.testing.Goldens;

/**
 * {@code bench decode} runs every standard decoder on a tiny model and batch and reports what it
 * promises (no timing assertions: the default suite runs on shared machines).
 */
class DecodeBenchmarkTest {
  @Test
  @SuppressWarnings("unchecked")
  void runsEveryDecoderOnATinyShape() {
    ConfigNode conf = ConfigNode.load(Goldens.resource("config/contextnet_tiny.model_config.yaml")).modelSection();
    DecodeBenchmark.ModelSpec spec = new DecodeBenchmark.ModelSpec("tiny", "contextnet_tiny", TransducerConfigBinder.bind(conf), 16);
    DecodeBenchmark.Settings settings = new DecodeBenchmark.Settings(new double[] {0.6, 0.4}, 1, 1, 0.25, DecodeBenchmark.standardVariants());
    Map<String, Object> report = DecodeBenchmark.run(List.of(spec), settings);
    assertEquals(1, report.get("schema_version"));
    assertEquals(2, report.get("batch"));
    Map<String, Object> model = (Map<String, Object>) ((List<Object>) report.get("models")).get(0);
    List<Object> variants = (List<Object>) model.get("variants");
    assertEquals(DecodeBenchmark.standardVariants().size(), variants.size());
    for (Object o : variants) {
      Map<String, Object> v = (Map<String, Object>) o;
      double median = (Double) ((Map<String, Object>) v.get("seconds")).get("median");
      assertTrue(median > 0, v.toString());
      assertTrue((Double) v.get("real_time_factor") > 0, v.toString());
      double symbols = (Double) v.get("symbols_per_frame");
      assertTrue(symbols >= 0 && symbols < 10, v.toString());
      if (v.get("name").equals("greedy_batch")) {
        assertEquals(0.25, symbols, 0.1, "the blank bias sets greedy's emission rate: " + v);
      }
    }
    Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) report.get("summary")).get("tiny");
    assertTrue(summary.containsKey("greedy_batch_real_time_factor") && summary.containsKey("malsd_batch_4_over_greedy_batch"), summary.toString());
  }

  @Test
  void variantNamesParse() {
    assertEquals(new DecodeVariant(DecodingStrategy.MALSD_BATCH, 8), DecodeVariant.parse("malsd_batch_8"));
    assertEquals(new DecodeVariant(DecodingStrategy.GREEDY_BATCH, 0), DecodeVariant.parse("greedy_batch"));
    for (DecodeVariant v : DecodeVariant.standardSet()) {
      assertEquals(v, DecodeVariant.parse(v.name()));
      assertEquals(v.strategy(), v.options().strategy());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DecodeVariant.parse("maes")).getMessage().contains("maes_4"));
  }
}

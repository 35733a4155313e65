package org.rnnt4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnt4j.testing.Goldens;
import org.rnnt4j.util.Json;

/**
 * Every schedule against the learning rates of its source at chosen steps (warm-up edges, mid-decay, the
 * end and beyond). The goldens in optim/schedules.json come from schedules_golden.py beside it: Hugging
 * Face's lambdas transcribed from transformers/optimization.py and run through PyTorch 1.13's own {@code
 * LambdaLR}, and NeMo's NoamAnnealing and CosineAnnealing transcribed from nemo/core/optim/lr_scheduler.py.
 * Java's and glibc's cos and pow may differ in the last bit, hence the 1e-12 relative tolerance.
 */
class LrScheduleTest {
  @Test
  void everyScheduleMatchesItsSourceAtChosenSteps() {
    JsonNode cases = Json.read(Goldens.resource("optim/schedules.json")).get("cases");
    int checked = 0;
    for (JsonNode c : cases) {
      LrSchedule schedule = build(c);
      for (JsonNode pair : c.get("lrs")) {
        long step = pair.get(0).asLong();
        double expected = pair.get(1).asDouble();
        double actual = schedule.lr(step);
        assertEquals(expected, actual, 1e-12 * Math.max(1e-12, Math.abs(expected)), schedule + " at step " + step);
        checked++;
      }
      // and it round-trips through its recorded parameters, as scheduler.json stores it
      assertEquals(schedule, LrSchedules.of(schedule.type(), schedule.parameters()));
    }
    assertEquals(18 * 13, checked);
  }

  private static LrSchedule build(JsonNode c) {
    ScheduleType type = ScheduleType.fromFileName(c.get("type").asText());
    if (type.isHuggingFace()) {
      Map<String, Double> kwargs = new LinkedHashMap<>();
      c.get("kwargs").fields().forEachRemaining(e -> kwargs.put(e.getKey(), e.getValue().asDouble()));
      return LrSchedules.huggingFace(
          type, c.get("peak_lr").asDouble(), c.get("warmup_steps").asLong(), c.get("total_steps").asLong(), kwargs);
    }
    Map<String, Number> p = new LinkedHashMap<>();
    c.fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        p.put(e.getKey(), e.getValue().numberValue());
      }
    });
    return LrSchedules.of(type, p);
  }

  @Test
  void hfDefaultsAreHfs() {
    assertEquals(new CosineSchedule(1, 2, 10, 0.5), LrSchedules.huggingFace(ScheduleType.COSINE, 1, 2, 10, Map.of()));
    assertEquals(
        new CosineWithRestartsSchedule(1, 2, 10, 1), LrSchedules.huggingFace(ScheduleType.COSINE_WITH_RESTARTS, 1, 2, 10, Map.of()));
    assertEquals(new PolynomialSchedule(1, 2, 10, 1e-7, 1.0), LrSchedules.huggingFace(ScheduleType.POLYNOMIAL, 1, 2, 10, Map.of()));
    assertEquals(new InverseSqrtSchedule(1, 0, 10_000), LrSchedules.huggingFace(ScheduleType.INVERSE_SQRT, 1, 0, 10, Map.of()));
    assertEquals(new InverseSqrtSchedule(1, 4, 4), LrSchedules.huggingFace(ScheduleType.INVERSE_SQRT, 1, 4, 10, Map.of()));
  }

  @Test
  void badKwargsAndNamesAreRefusedWithTheAcceptedOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LrSchedules.huggingFace(ScheduleType.LINEAR, 1, 0, 10, Map.of("num_cycles", 2.0)));
    assertTrue(e.getMessage().contains("num_cycles") && e.getMessage().contains("linear"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ScheduleType.parseHuggingFace("NoamAnnealing"));
    assertTrue(e.getMessage().contains("cosine_with_restarts"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PolynomialSchedule(1e-7, 0, 10, 1e-7, 1));
    assertTrue(e.getMessage().contains("lr_end"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LrSchedules.of(ScheduleType.NOAM_ANNEALING, Map.of("lr", 1.0)));
    assertTrue(e.getMessage().contains("d_model"), e.getMessage());
  }
}

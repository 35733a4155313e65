package org.rnnt4j.checkpoint.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.optim.CosineAnnealing;
import org.rnnt4j.optim.CosineWithRestartsSchedule;
import org.rnnt4j.optim.InverseSqrtSchedule;
import org.rnnt4j.optim.LinearSchedule;
import org.rnnt4j.optim.LrSchedule;
import org.rnnt4j.optim.NoamAnnealing;
import org.rnnt4j.optim.PolynomialSchedule;
import org.rnnt4j.util.FormatException;
import org.rnnt4j.util.Json;

/** scheduler.json describes every schedule: type, parameters and step come back equal; version 1's linear file reads as before. */
class ScheduleStateTest {
  @Test
  void everyKindRoundTrips(@TempDir Path tmp) {
    List<LrSchedule> schedules =
        List.of(
            new LinearSchedule(1e-3, 2, 10), new CosineWithRestartsSchedule(5e-3, 10, 100, 3), new PolynomialSchedule(1e-3, 0, 50, 1e-5, 2),
            new InverseSqrtSchedule(1e-3, 0, 10_000), new NoamAnnealing(5.0, 176, 10_000, 1e-6), new CosineAnnealing(5e-3, 15_000, 400_000, 5e-4));
    for (LrSchedule s : schedules) {
      Path file = tmp.resolve(s.type().fileName() + ".json");
      new ScheduleState(s, 7).write(file);
      assertEquals(new ScheduleState(s, 7), ScheduleState.read(file));
      assertEquals(s.lr(7), Json.read(file).get("last_lr").asDouble());
    }
  }

  @Test
  void theVersionOneLinearLayoutIsUnchanged(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("scheduler.json");
    Files.writeString(file, "{\"type\": \"linear\", \"peak_lr\": 0.001, \"warmup_steps\": 2, \"total_steps\": 10, \"step\": 5, \"last_lr\": 6.25E-4}");
    assertEquals(new ScheduleState(new LinearSchedule(1e-3, 2, 10), 5), ScheduleState.read(file));
  }

  @Test
  void unknownTypesAndMissingParametersNameTheFile(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("scheduler.json");
    Files.writeString(file, "{\"type\": \"onecycle\", \"step\": 5}");
    FormatException e = assertThrows(FormatException.class, () -> ScheduleState.read(file));
    assertTrue(e.getMessage().contains("scheduler.json") && e.getMessage().contains("NoamAnnealing"), e.getMessage());
    Files.writeString(file, "{\"type\": \"cosine\", \"peak_lr\": 0.001, \"warmup_steps\": 2, \"total_steps\": 10, \"step\": 5}");
    e = assertThrows(FormatException.class, () -> ScheduleState.read(file));
    assertTrue(e.getMessage().contains("num_cycles"), e.getMessage());
  }
}

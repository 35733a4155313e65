package org.rnnt4j.train.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.rnnt4j.train.TrainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** training_curves.png: nothing before anything is logged, three panels from then on, redrawn at each evaluation. */
class TrainingCurvesListenerTest {
  @TempDir Path out;

  @Test
  void drawsLossRateAndWerPanelsAndRedrawsAtEachEvaluation() throws Exception {
    TrainerState state = new TrainerState(10, 50, 100, 8, 3.0);
    TrainingCurvesListener curves = new TrainingCurvesListener(out);
    Path png = out.resolve(TrainingCurvesListener.FILE_NAME);
    curves.onTrainEnd(state);
    assertFalse(Files.exists(png), "nothing logged, nothing drawn");
    for (int step = 10; step <= 100; step += 10) {
      state.advance(step, step / 40.0);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("loss", 300.0 / step);
      entry.put("learning_rate", 1e-4 * step / 100);
      curves.onLog(state, entry);
      if (step % 50 == 0) {
        Map<String, Object> eval = Map.of("eval_wer", 1.0 - step / 200.0);
        curves.onLog(state, eval);
        byte[] before = Files.exists(png) ? Files.readAllBytes(png) : new byte[0];
        curves.onEvaluate(state, eval);
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(png)), "redrawn at step " + step);
      }
    }
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(900, image.getHeight());
    assertTrue(Files.list(out).noneMatch(p -> !p.equals(png)), "written atomically: no temporary file left");
  }
}

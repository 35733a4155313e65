package org.rnnt4j.train.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * --report_to's names, the run directory, and TensorBoard tags as transformers' TensorBoardCallback
 * names them (its rewrite_logs: eval_ -> eval/, test_ -> test/, the rest train/).
 */
class ReportingTest {
  @Test
  void reportToTakesHuggingFacesNames() {
    assertEquals(Set.of(ReportTarget.TENSORBOARD), ReportTarget.parseList("all"));
    assertEquals(Set.of(), ReportTarget.parseList("none"));
    assertEquals(Set.of(ReportTarget.TENSORBOARD, ReportTarget.WANDB), ReportTarget.parseList("wandb,tensorboard"));
    assertThrows(IllegalArgumentException.class, () -> ReportTarget.parseList("mlflow"));
    assertTrue(new ReportingArguments(Set.of(ReportTarget.WANDB), null, null).tensorboard(), "wandb gets the files to sync");
    assertTrue(!new ReportingArguments(Set.of(), null, null).tensorboard());
  }

  @Test
  void theRunDirectoryIsTheRunNameElseDateAndHost() {
    Path out = Path.of("out");
    assertEquals(Path.of("out/runs/rnnt-ls-960h-baseline"), new ReportingArguments(Set.of(), "rnnt-ls-960h-baseline", null).runDirectory(out));
    assertEquals(Path.of("logs"), new ReportingArguments(Set.of(), "x", Path.of("logs")).runDirectory(out));
    String name = ReportingArguments.defaults().runDirectory(out).getFileName().toString();
    assertTrue(name.matches("[A-Z][a-z]{2}\\d{2}_\\d{2}-\\d{2}-\\d{2}_.+"), "HF's default: %b%d_%H-%M-%S_host, got " + name);
    assertThrows(IllegalArgumentException.class, () -> new ReportingArguments(Set.of(), "../escape", null));
  }

  @Test
  void tagsAreTransformersRewriteLogs() {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("loss", 1.5);
    entry.put("grad_norm", 0.5);
    entry.put("learning_rate", 1e-4);
    entry.put("eval_wer", 0.25);
    entry.put("test_cer", 0.1);
    entry.put("epoch", 0.5);
    entry.put("step", 10L);
    assertEquals(
        java.util.List.of("train/loss", "train/grad_norm", "train/learning_rate", "eval/wer", "test/cer", "train/epoch"),
        java.util.List.copyOf(TensorBoardListener.rewrite(entry).keySet()));
  }

  @Test
  void theCardPrintsNumbersAsPython() {
    // Python 3: repr(1e-08), repr(0.0001), repr(1e-05), repr(0.005), repr(5.0), repr(0.0), repr(0.999), repr(2e+16)
    assertEquals("1e-08", ModelCard.py(1e-8));
    assertEquals("0.0001", ModelCard.py(1e-4));
    assertEquals("1e-05", ModelCard.py(1e-5));
    assertEquals("0.005", ModelCard.py(0.005));
    assertEquals("5.0", ModelCard.py(5.0));
    assertEquals("0.0", ModelCard.py(0.0));
    assertEquals("0.999", ModelCard.py(0.999));
    assertEquals("2e+16", ModelCard.py(2e16));
  }
}

package org.rnnt4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;

/**
 * {@code rnnt4j loss} on cases extracted from the torchaudio goldens ({@code
 * src/test/resources/loss/rnnt_loss_goldens.safetensors}, many cases under {@code {case}.}
 * prefixes) into one file per case with torchaudio's argument names.
 */
class LossCommandTest {
  private static final Path GOLDENS = Path.of("src/test/resources/loss/rnnt_loss_goldens.safetensors");

  @Test
  void perUtteranceLossAndGradientOfTheSumMatchTorchaudio(@TempDir Path tmp) {
    SafeTensorsFile goldens = SafeTensors.read(GOLDENS);
    Path in = extractCase(goldens, "mixed_lengths", tmp, false);
    Path out = tmp.resolve("out.safetensors");
    assertEquals(0, Main.run("loss", "--input", in.toString(), "--output", out.toString(), "--threads", "2"));
    SafeTensorsFile result = SafeTensors.read(out);
    assertArrayEquals(new long[] {4}, result.tensor("loss").shape());
    assertClose(goldens.tensor("mixed_lengths.loss_per_utterance"), result.tensor("loss"), "loss");
    assertClose(goldens.tensor("mixed_lengths.grad.sum"), result.tensor("grad_logits"), "grad_logits");
    assertEquals("none", result.metadata().get("reduction"));
  }

  @Test
  void reductionsClampAndAnExplicitBlank(@TempDir Path tmp) {
    SafeTensorsFile goldens = SafeTensors.read(GOLDENS);
    Path in = extractCase(goldens, "small_B2", tmp, true); // with blank = V-1 written explicitly
    Path out = tmp.resolve("mean_batch.safetensors");
    assertEquals(0, Main.run("loss", "--input", in.toString(), "--output", out.toString(), "--reduction", "mean_batch"));
    SafeTensorsFile result = SafeTensors.read(out);
    assertArrayEquals(new long[0], result.tensor("loss").shape(), "a reduced loss is a scalar");
    assertClose(goldens.tensor("small_B2.loss.mean_batch"), result.tensor("loss"), "loss");
    assertClose(goldens.tensor("small_B2.loss_per_utterance"), result.tensor("loss_per_utterance"), "per utterance");
    assertClose(goldens.tensor("small_B2.grad.mean_batch"), result.tensor("grad_logits"), "grad");

    Path clampIn = extractCase(goldens, "clamp_0.1", tmp, false);
    Path clampOut = tmp.resolve("clamp.safetensors");
    assertEquals(0, Main.run("loss", "--input", clampIn.toString(), "--output", clampOut.toString(), "--clamp", "0.1"));
    assertClose(goldens.tensor("clamp_0.1.grad.sum"), SafeTensors.read(clampOut).tensor("grad_logits"), "clamped grad");
  }

  @Test
  void missingTensorIsAUsageErrorNamingTheFile(@TempDir Path tmp) {
    Path in = tmp.resolve("bad.safetensors");
    SafeTensors.write(in, Map.of("logits", NamedArray.ofFloats(new long[] {1, 1, 1, 2}, 0f, 0f)), Map.of());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run("loss", "--input", in.toString(), "--output", tmp.resolve("o").toString());
    } finally {
      System.setErr(old);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, text);
    assertTrue(text.contains("bad.safetensors") && text.contains("'targets'"), text);
  }

  /** Writes case {@code name} of the goldens as a file of its own, with torchaudio's names. */
  private static Path extractCase(SafeTensorsFile goldens, String name, Path dir, boolean withBlank) {
    Map<String, NamedArray> one = new LinkedHashMap<>();
    for (String key : new String[] {"logits", "targets", "logit_lengths", "target_lengths"}) {
      one.put(key, goldens.tensor(name + "." + key));
    }
    if (withBlank) {
      long V = goldens.tensor(name + ".logits").shape()[3];
      one.put("blank", NamedArray.ofLongs(new long[0], V - 1));
    }
    Path file = dir.resolve(name + ".safetensors");
    SafeTensors.write(file, one, Map.of("case", name));
    return file;
  }

  private static void assertClose(NamedArray expected, NamedArray actual, String what) {
    float[] e = expected.toFloatArray();
    float[] a = actual.toFloatArray();
    assertEquals(e.length, a.length, what + ": size");
    double maxDiff = 0;
    double maxRef = 0;
    for (int i = 0; i < e.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs((double) a[i] - e[i]));
      maxRef = Math.max(maxRef, Math.abs((double) e[i]));
    }
    assertTrue(maxDiff <= 1e-4 * maxRef, what + ": max|a-b|/max|b| = " + maxDiff / maxRef);
  }
}

package org.rnnt4j.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnt4j.loss.LossResult;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.RnntInputs;
import org.rnnt4j.loss.RnntLoss;
import org.rnnt4j.loss.RnntLossOptions;
import org.rnnt4j.util.BuildInfo;
import org.rnnt4j.util.safetensors.DType;
import org.rnnt4j.util.safetensors.NamedArray;
import org.rnnt4j.util.safetensors.SafeTensors;
import org.rnnt4j.util.safetensors.SafeTensorsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnnt4j loss}: the exact RNN-T loss of one case stored as safetensors under torchaudio's
 * argument names, so that any implementation can be compared with rnnt4j's.
 *
 * <p>Reads {@code logits} float32 (B, T, U+1, V), {@code targets} integer (B, U), {@code
 * logit_lengths} and {@code target_lengths} integer (B), and an optional integer scalar {@code
 * blank} (default V-1). Writes {@code loss} and {@code grad_logits} float32: with {@code
 * --reduction none} (the default, torchaudio's {@code reduction="none"}) {@code loss} is (B), one
 * value per utterance, and {@code grad_logits} the gradient of their sum; with another reduction
 * (NeMo's names) {@code loss} is the reduced scalar (shape []) and {@code grad_logits} its gradient,
 * and {@code loss_per_utterance} (B) is written too. torchaudio's {@code reduction="mean"} is
 * {@code mean_batch} here.
 */
@Command(
    name = "loss",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Exact RNN-T loss and gradient of one case in a safetensors file (torchaudio's names:"
            + " logits, targets, logit_lengths, target_lengths, optional blank).")
public final class LossCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Safetensors file with one case.")
  Path input;

  @Option(names = "--output", required = true, description = "Safetensors file to write: loss, grad_logits.")
  Path output;

  @Option(
      names = "--reduction",
      defaultValue = "none",
      converter = Converters.LossReduction.class,
      description = "none, mean_batch, sum, mean or mean_volume (NeMo's names) (default: ${DEFAULT-VALUE}).")
  Reduction reduction;

  @Option(names = "--fastemit_lambda", defaultValue = "0.0", description = "FastEmit weight (default: ${DEFAULT-VALUE}).")
  double fastemitLambda;

  @Option(names = "--clamp", defaultValue = "-1.0", description = "Gradient clamp, <= 0 for none (default: ${DEFAULT-VALUE}).")
  double clamp;

  @Option(
      names = "--threads",
      description = "Threads of the loss kernel (default: the available processors).")
  Integer threads;

  @Override
  public Integer call() {
    Reduction r = reduction;
    SafeTensorsFile file = SafeTensors.read(input);
    NamedArray logits = required(file, "logits");
    long[] shape = logits.shape();
    if (logits.dtype() != DType.F32 || shape.length != 4) {
      throw new IllegalArgumentException(
          input + ": logits must be float32 (B, T, U+1, V), got " + logits.dtype() + " "
              + Arrays.toString(shape));
    }
    RnntLossOptions options =
        RnntLossOptions.defaults().withFastemitLambda(fastemitLambda).withClamp(clamp);
    if (threads != null) {
      options = options.withThreads(threads);
    }
    if (file.contains("blank")) {
      options = options.withBlank(Math.toIntExact(file.tensor("blank").toLongArray()[0]));
    }
    RnntInputs in;
    try {
      in =
          RnntInputs.of(
              logits.floatBuffer(), shape, required(file, "targets").toLongArray(),
              required(file, "logit_lengths").toLongArray(),
              required(file, "target_lengths").toLongArray());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage(), e);
    }
    ByteBuffer gradientBytes =
        ByteBuffer.allocateDirect(Math.multiplyExact(4, in.logitCount())).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer gradient = gradientBytes.asFloatBuffer();
    LossResult result;
    try (RnntLoss loss = new RnntLoss(options)) {
      if (r == Reduction.NONE) {
        double[] ones = new double[in.batchSize()];
        Arrays.fill(ones, 1.0);
        result = loss.lossAndGradient(in, ones, gradient);
      } else {
        result = loss.lossAndGradient(in, r, gradient);
      }
    }
    Map<String, NamedArray> out = new LinkedHashMap<>();
    float[] perUtterance = toFloats(result.perUtterance());
    if (r == Reduction.NONE) {
      out.put("loss", NamedArray.ofFloats(new long[] {in.batchSize()}, perUtterance));
    } else {
      out.put("loss", NamedArray.ofFloats(new long[0], (float) result.value()));
      out.put("loss_per_utterance", NamedArray.ofFloats(new long[] {in.batchSize()}, perUtterance));
    }
    out.put("grad_logits", new NamedArray(DType.F32, shape, gradientBytes));
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("producer", "rnnt4j loss " + BuildInfo.version());
    metadata.put("reduction", r.nemoName());
    metadata.put("grad_logits", r == Reduction.NONE ? "d sum(loss) / d logits" : "d loss / d logits");
    metadata.put("blank", Integer.toString(options.blank() == RnntLossOptions.BLANK_LAST ? in.vocabSize() - 1 : options.blank()));
    metadata.put("fastemit_lambda", Double.toString(fastemitLambda));
    metadata.put("clamp", Double.toString(clamp));
    SafeTensors.write(output, out, metadata);
    System.out.printf(
        "%s: loss %s (B = %d, %s), grad_logits %s%n",
        output,
        r == Reduction.NONE ? Arrays.toString(perUtterance) : Float.toString((float) result.value()),
        in.batchSize(),
        r.nemoName(),
        Arrays.toString(shape));
    return 0;
  }

  private NamedArray required(SafeTensorsFile file, String name) {
    if (!file.contains(name)) {
      throw new IllegalArgumentException(
          input + " has no tensor '" + name + "' (expected torchaudio's names: logits, targets,"
              + " logit_lengths, target_lengths, optional blank)");
    }
    return file.tensor(name);
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}

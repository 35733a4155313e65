package org.rnnt4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rnnt4j.config.ConfigNode;
import org.rnnt4j.data.AudioRef;
import org.rnnt4j.data.SourceLocation;
import org.rnnt4j.data.Utterance;
import org.rnnt4j.data.pipeline.Batch;
import org.rnnt4j.data.pipeline.Example;
import org.rnnt4j.decoding.Decoders;
import org.rnnt4j.decoding.DecodingParameters;
import org.rnnt4j.decoding.DecodingStrategy;
import org.rnnt4j.decoding.Hypotheses;
import org.rnnt4j.decoding.TransducerDecoder;
import org.rnnt4j.decoding.Hypothesis;
import org.rnnt4j.engine.Device;
import org.rnnt4j.engine.DeviceCounters;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.engine.NoGrad;
import org.rnnt4j.engine.Tensor;
import org.rnnt4j.engine.TensorScope;
import org.rnnt4j.loss.LossBackendChoice;
import org.rnnt4j.loss.Reduction;
import org.rnnt4j.loss.TransducerLoss;
import org.rnnt4j.model.ExactObjective;
import org.rnnt4j.model.FusedBatchObjective;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerConfigBinder;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.optim.AdamW;
import org.rnnt4j.optim.LossScaler;
import org.rnnt4j.util.Checks;

/**
 * The checks {@code scripts/gpu_check.sh} runs on a CUDA device ({@code rnnt4j bench gpu}), each against
 * the CPU: the device loss (libtorch ops) against the Java kernel on the same logits (losses and
 * gradients); {@code greedy_batch} hypotheses of one model on the device and on the CPU; then training
 * updates in float32, bfloat16 and float16 with their median step time, peak memory and host-device
 * copies per update ({@link DeviceCounters}). On a CPU "device" the same code runs as a smoke test: the
 * loss comparison is then the tensor-ops backend against the Java kernel. The batched beam search (malsd_batch,
 * 4 beams) is compared between device and CPU as greedy_batch is.
 *
 * <p>The model has random weights (a seed), the audio is noise and the labels random: hypotheses then
 * mean nothing, but a device whose arithmetic differs in any way that matters gives other ones.
 */
public final class GpuCheck {
  private GpuCheck() {}

  /**
   * @param conf the model conf (its model section is built with {@code vocab} pieces)
   * @param batch utterances per update
   * @param samples audio samples per utterance (16 kHz)
   * @param labels labels per utterance
   * @param warmup untimed updates per precision
   * @param steps timed updates per precision
   * @param loss the device-loss check's logits (B, T, U, V): {@code {B, T, U, V}}
   */
  public record Options(
      Path conf, int vocab, int batch, int samples, int labels, int warmup, int steps, long seed, Device device,
      int[] loss) {
    public Options {
      Checks.argument(batch >= 1 && samples >= 1600 && labels >= 1, "batch, samples (>= 1600), labels, got %s %s %s", batch, samples, labels);
      Checks.argument(steps >= 1 && warmup >= 0, "steps >= 1, warmup >= 0, got %s, %s", steps, warmup);
      Checks.argument(loss.length == 4, "loss shape is B, T, U, V, got %s", Arrays.toString(loss));
    }
  }

  /** Runs every check; a check that fails records its error and the others still run. */
  public static Map<String, Object> run(Options o) {
    Engine.require(o.device());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("device", o.device().toString());
    report.put("conf", o.conf().toString());
    report.put("shape", Map.of("batch", o.batch(), "seconds", o.samples() / 16000.0, "labels", o.labels(), "vocab", o.vocab()));
    report.put("device_loss", guarded(() -> deviceLoss(o)));
    report.put("greedy_batch", guarded(() -> compareHypotheses(o, GREEDY)));
    report.put("beam_search", guarded(() -> compareHypotheses(o, BATCHED_BEAM)));
    Map<String, Object> training = new LinkedHashMap<>();
    for (MixedPrecision p : MixedPrecision.values()) {
      training.put(p == MixedPrecision.NO ? "fp32" : p.flagName(), guarded(() -> train(o, p)));
    }
    report.put("train", training);
    return report;
  }

  /** Whether no check of {@code report} failed ({@code error}) or disagreed with the CPU ({@code ok: false}). */
  public static boolean passed(Map<?, ?> report) {
    for (var e : report.entrySet()) {
      if (e.getKey().equals("error") || (e.getKey().equals("ok") && Boolean.FALSE.equals(e.getValue()))) {
        return false;
      }
      if (e.getValue() instanceof Map<?, ?> inner && !passed(inner)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> guarded(java.util.function.Supplier<Map<String, Object>> check) {
    try {
      return check.get();
    } catch (RuntimeException | LinkageError e) {
      return Map.of("error", String.valueOf(e));
    }
  }

  /** Losses and gradients of the exact loss: the device's backend against the Java kernel on the CPU. */
  private static Map<String, Object> deviceLoss(Options o) {
    int B = o.loss()[0];
    int T = o.loss()[1];
    int U = o.loss()[2];
    int V = o.loss()[3];
    Random random = new Random(o.seed());
    long[] targets = new long[B * U];
    long[] tLens = new long[B];
    long[] uLens = new long[B];
    for (int b = 0; b < B; b++) {
      tLens[b] = T - random.nextInt(Math.max(1, T / 4));
      uLens[b] = U - random.nextInt(Math.max(1, U / 4));
      for (int u = 0; u < U; u++) {
        targets[b * U + u] = random.nextInt(V - 1);
      }
    }
    Engine.seed(o.seed());
    try (TensorScope scope = new TensorScope()) {
      Tensor logits = Tensor.randn(B, T, U + 1, V).mul(2.0);
      double[] cpu = new double[B];
      float[] cpuGrad = lossAndGradient(logits, targets, tLens, uLens, Device.CPU, LossBackendChoice.JAVA_KERNEL, cpu);
      double[] dev = new double[B];
      LossBackendChoice choice = o.device().isCuda() ? LossBackendChoice.AUTO : LossBackendChoice.TENSOR_OPS;
      float[] devGrad = lossAndGradient(logits, targets, tLens, uLens, o.device(), choice, dev);
      double lossDiff = 0;
      for (int b = 0; b < B; b++) {
        lossDiff = Math.max(lossDiff, Math.abs(cpu[b] - dev[b]) / Math.max(1, Math.abs(cpu[b])));
      }
      double gradDiff = 0;
      for (int i = 0; i < cpuGrad.length; i++) {
        gradDiff = Math.max(gradDiff, Math.abs(cpuGrad[i] - devGrad[i]));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("shape", Arrays.toString(o.loss()));
      out.put("device_backend", choice.flagName());
      out.put("max_relative_loss_difference", lossDiff);
      out.put("max_gradient_difference", gradDiff);
      out.put("ok", lossDiff <= 1e-5 && gradDiff <= 1e-5);
      return out;
    }
  }

  private static float[] lossAndGradient(
      Tensor hostLogits, long[] targets, long[] tLens, long[] uLens, Device device, LossBackendChoice choice,
      double[] losses) {
    int B = tLens.length;
    try (TransducerLoss loss = new TransducerLoss(Reduction.SUM, 0, -1, choice)) {
      Tensor logits = hostLogits.to(device).detach().requiresGrad(true);
      TransducerLoss.Value v =
          loss.compute(
              logits, Tensor.ofLongs(targets, B, targets.length / B).to(device), Tensor.ofLongs(tLens, B).to(device),
              Tensor.ofLongs(uLens, B).to(device));
      v.loss().backward();
      System.arraycopy(v.perUtterance(), 0, losses, 0, B);
      return logits.grad().toFloatArray();
    }
  }

  private static final TransducerDecoder GREEDY = Decoders.create(DecodingParameters.of(DecodingStrategy.GREEDY_BATCH).toOptions(10));
  /** NeMo's batched beam search (malsd_batch) with 4 beams. */
  private static final TransducerDecoder BATCHED_BEAM =
      Decoders.create(DecodingParameters.of(DecodingStrategy.MALSD_BATCH, 4).toOptions(10));

  /** One model's best hypotheses from {@code decoder} on the CPU and on the device. */
  private static Map<String, Object> compareHypotheses(Options o, TransducerDecoder decoder) {
    Transducer model = model(o);
    model.train(false);
    Batch.Host batch = batch(o, new Random(o.seed() + 1));
    List<int[]> cpu = decode(model, batch, Device.CPU, decoder);
    model.to(o.device());
    List<int[]> dev = decode(model, batch, o.device(), decoder);
    int same = 0;
    for (int b = 0; b < cpu.size(); b++) {
      same += Arrays.equals(cpu.get(b), dev.get(b)) ? 1 : 0;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("utterances", cpu.size());
    out.put("identical_hypotheses", same);
    out.put("tokens_cpu", cpu.stream().mapToInt(t -> t.length).sum());
    out.put("tokens_device", dev.stream().mapToInt(t -> t.length).sum());
    out.put("ok", same == cpu.size());
    return out;
  }

  private static List<int[]> decode(Transducer model, Batch.Host host, Device device, TransducerDecoder decoder) {
    try (TensorScope scope = new TensorScope(); NoGrad off = new NoGrad()) {
      Batch batch = host.toDevice(device);
      List<int[]> out = new ArrayList<>();
      for (Hypotheses h : decoder.decode(model, model.transcribe(model.features(batch.audio(), batch.audioLengths())))) {
        out.add(h.best().tokens());
      }
      return out;
    }
  }

  /** Warm-up and timed updates in one precision; median time, peak memory, copies per update. */
  private static Map<String, Object> train(Options o, MixedPrecision precision) {
    Transducer model = model(o);
    model.to(o.device());
    model.train(true);
    Batch.Host batch = batch(o, new Random(o.seed() + 2));
    LossScaler scaler = precision.newScaler();
    Map<String, Object> out = new LinkedHashMap<>();
    try (TransducerObjective objective = objective(model)) {
      AdamW optimizer = new AdamW(model.namedParameters(), java.util.Set.of(), 0.9, 0.98, 1e-8, 0);
      UpdateStep step = new UpdateStep(model, objective, o.device(), optimizer, model.parameters(), 1.0, scaler, null, precision);
      for (int i = 0; i < o.warmup(); i++) {
        step.accumulate(batch, i);
        step.finish(1e-4);
      }
      DeviceCounters.synchronize(o.device());
      DeviceCounters.resetPeak(o.device());
      long[] copiesBefore = DeviceCounters.copies();
      double[] seconds = new double[o.steps()];
      List<Double> losses = new ArrayList<>();
      int overflows = 0;
      for (int i = 0; i < o.steps(); i++) {
        long start = System.nanoTime();
        step.accumulate(batch, o.warmup() + i);
        UpdateStep.Result r = step.finish(1e-4);
        DeviceCounters.synchronize(o.device());
        seconds[i] = (System.nanoTime() - start) / 1e9;
        losses.add(r.loss());
        overflows += r.overflow() ? 1 : 0;
      }
      long[] copiesAfter = DeviceCounters.copies();
      Arrays.sort(seconds);
      out.put("median_step_seconds", seconds[seconds.length / 2]);
      out.put("peak_memory_bytes", DeviceCounters.peakBytes(o.device()));
      out.put("peak_memory_kind", o.device().isCuda() ? "cuda max_memory_allocated" : "process VmHWM");
      out.put("host_to_device_copies_per_step", (copiesAfter[0] - copiesBefore[0]) / (double) o.steps());
      out.put("device_to_host_copies_per_step", (copiesAfter[1] - copiesBefore[1]) / (double) o.steps());
      out.put("losses", losses);
      out.put("skipped_overflows", overflows);
      out.put("loss_scale", scaler.scale());
      out.put("ok", losses.stream().allMatch(Double::isFinite));
    }
    return out;
  }

  /** NeMo's fused joint over sub-batches of 4 (the recipe's default objective, smaller). */
  private static TransducerObjective objective(Transducer model) {
    TransducerLoss loss = new TransducerLoss(Reduction.MEAN_BATCH, 0, -1);
    return model.vocabSize() > 256 ? new FusedBatchObjective(model.joint(), loss, 4) : new ExactObjective(model.joint(), loss);
  }

  private static Transducer model(Options o) {
    Engine.seed(o.seed());
    ConfigNode conf = ConfigNode.load(o.conf()).modelSection();
    return Transducers.build(TransducerConfigBinder.bind(conf), o.vocab(), o.seed());
  }

  /** {@code batch} utterances of noise, the i-th {@code samples - 160 i} long, with random labels. */
  private static Batch.Host batch(Options o, Random random) {
    List<Example> examples = new ArrayList<>();
    List<float[]> waves = new ArrayList<>();
    for (int i = 0; i < o.batch(); i++) {
      float[] w = new float[Math.max(1600, o.samples() - 160 * i)];
      for (int s = 0; s < w.length; s++) {
        w[s] = (float) (0.1 * random.nextGaussian());
      }
      int[] tokens = new int[o.labels()];
      for (int u = 0; u < tokens.length; u++) {
        tokens[u] = random.nextInt(o.vocab() - 1);
      }
      Utterance u = new Utterance("gpu" + i, AudioRef.bytes(new byte[0], "synthetic"), "x", Double.NaN, SourceLocation.row("synthetic", i));
      examples.add(new Example(u, "x", tokens, w, w.length));
      waves.add(w);
    }
    return Batch.collate(examples, waves);
  }
}

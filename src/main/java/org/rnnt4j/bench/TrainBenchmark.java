package org.rnnt4j.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.rnnt4j.bench.StageClock.Stage;
import org.rnnt4j.engine.DType;
import org.rnnt4j.engine.Engine;
import org.rnnt4j.model.LossKind;
import org.rnnt4j.model.Transducer;
import org.rnnt4j.model.TransducerObjective;
import org.rnnt4j.model.TransducerObjectives;
import org.rnnt4j.model.Transducers;
import org.rnnt4j.nn.FlopCount;

/**
 * {@code rnnt4j bench train}: full training steps of a conf's model on the PyTorch peer's batch
 * ({@link SyntheticBatch}), in this process, timed as {@code ../shared/peer/bench_torch.py model}
 * times its steps, and reported under the peer's key names so that the two JSON files compare key by
 * key.
 *
 * <p>Method: build the model (vocabulary {@code vocab} + blank, seeded), its objective and AdamW; measure
 * the float32 matrix-product peak ({@link MatmulPeak}); run {@code warmup} untimed steps (the first
 * with {@link FlopCount} on, which counts the forward FLOPs of the step's matrix products as the peer's
 * hooks do); start the busy threads, if any; then time {@code steps} steps, each from the host batch to
 * the optimizer's update and its gradient reset, waiting for the device at its end. Reported: the
 * median and every step's milliseconds, audio seconds per wall second, the process's peak resident
 * set ({@code VmHWM}, JVM and libtorch included), the training step's FLOPs estimated as 3 x forward
 * (the peer's estimate) and the GFLOP/s achieved, beside the measured peak. Also the process CPU time
 * per step (the busy threads' excluded), which on a shared machine moves less than wall time. With {@code profile}, each stage's
 * wall time, with a device wait at every stage boundary (which slows a GPU step a little and leaves a
 * CPU step as it is).
 */
public final class TrainBenchmark {
  private static final Logger LOG = Logger.getLogger(TrainBenchmark.class.getName());

  private TrainBenchmark() {}

  /** Runs the benchmark and returns its report (the JSON object, in key order). */
  public static Map<String, Object> run(TrainBenchmarkOptions o) {
    Engine.init();
    if (o.threads() > 0) {
      Engine.setThreads(o.threads());
    }
    Engine.seed(o.seed());
    SyntheticBatch.Shape shape = o.shape();
    SyntheticBatch batch = SyntheticBatch.generate(shape, o.seed());
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "rnnt4j bench train");
    report.put("schema_version", 1);
    report.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    report.put("machine", MachineFacts.describe(true));
    Map<String, Object> peak =
        o.matmulSize() > 0
            ? MatmulPeak.measure(DType.FLOAT32, o.matmulSize(), MatmulPeak.peerRepetitions(DType.FLOAT32), o.device())
            : Map.of();
    Transducer model = Transducers.build(o.config(), shape.vocab(), o.seed());
    model.to(o.device());
    model.train(true);
    try (TransducerObjective objective = TransducerObjectives.create(o.objective(), model, o.config().loss())) {
      TrainStep step =
          new TrainStep(model, objective, o.device(), o.learningRate(), o.weightDecay(), o.maxGradNorm(), o.bf16());
      double rssBefore = ProcessMemory.peakResidentBytes() / MIB;
      StageClock untimed = new StageClock(false, o.device());
      TrainStep.Result first;
      long forwardFlops;
      try (FlopCount.Scope flops = FlopCount.start()) {
        untimed.start();
        first = step.run(batch, untimed, true);
        forwardFlops = flops.flops();
      }
      LOG.info(String.format("warm-up step 1: loss %.4f", first.loss()));
      for (int w = 1; w < o.warmup(); w++) {
        untimed.start();
        step.run(batch, untimed, false);
      }
      StageClock clock = new StageClock(o.profile(), o.device());
      double[] stepMs = new double[o.steps()];
      double[] cpuMs = new double[o.steps()];
      double[] faults = new double[o.steps()];
      double[][] stageMs = new double[o.steps()][];
      double lastLoss;
      try (BusyThreads busy = new BusyThreads(o.busyThreads())) {
        lastLoss = Double.NaN;
        for (int s = 0; s < o.steps(); s++) {
          long cpu = processCpuNanos() - busy.cpuNanos();
          long faultsBefore = ProcessMemory.minorFaults();
          long start = System.nanoTime();
          clock.start();
          lastLoss = step.run(batch, clock, false).loss();
          Engine.synchronize(o.device());
          stepMs[s] = (System.nanoTime() - start) / 1e6;
          cpuMs[s] = (processCpuNanos() - busy.cpuNanos() - cpu) / 1e6;
          faults[s] = ProcessMemory.minorFaults() - faultsBefore;
          stageMs[s] = clock.stageMs();
          LOG.info(String.format("step %d: %.0f ms (process CPU %.0f ms), loss %.4f", s + 1, stepMs[s], cpuMs[s], lastLoss));
        }
      }
      double median = Stats.median(stepMs);
      double audioSeconds = batch.audioSeconds();
      long[] joint = first.jointShape();
      long jointElements = joint[0] * joint[1] * joint[2] * joint[3];
      double stepGflop = 3.0 * forwardFlops / 1e9;
      report.put("model", o.modelName());
      report.put("parameters", model.parameterCount());
      report.put("batch", shape.batch());
      report.put("audio_seconds_per_batch", audioSeconds);
      report.put("label_lengths", batch.labelLengths());
      report.put("encoded_lengths", first.encodedLengths());
      report.put("loss_reduction", o.config().loss().reduction().nemoName());
      report.put("loss", o.objective().loss().flagName());
      report.put("fused_batch_size", o.objective().loss() == LossKind.EXACT ? o.objective().fusedBatchSize() : 0);
      report.put("bf16", o.bf16());
      report.put("device", o.device().toString());
      report.put("native_settings", MachineFacts.nativeSettings());
      report.put("busy_threads", o.busyThreads());
      report.put("steps_timed", o.steps());
      report.put("warmup_steps", o.warmup());
      report.put("step_ms", round(stepMs, 1));
      report.put("median_step_ms", Stats.round(median, 1));
      report.put("step_cpu_ms", round(cpuMs, 1));
      report.put("median_step_cpu_ms", Stats.round(Stats.median(cpuMs), 1));
      report.put("median_step_minor_page_faults", (long) Stats.median(faults));
      report.put("audio_seconds_per_wall_second", Stats.round(audioSeconds / (median / 1000), 2));
      report.put("last_loss", lastLoss);
      report.put("peak_rss_mb", Stats.round(ProcessMemory.peakResidentBytes() / MIB, 1));
      report.put("rss_before_steps_mb", Stats.round(rssBefore, 1));
      report.put("joint_logits_shape", joint);
      report.put("joint_logits_mb", Stats.round(jointElements * 4 / MIB, 1));
      report.put("forward_gemm_gflop", Stats.round(forwardFlops / 1e9, 2));
      report.put("train_step_gflop_estimate", Stats.round(stepGflop, 2));
      report.put("achieved_gflops", Stats.round(stepGflop / (median / 1000), 2));
      if (!peak.isEmpty()) {
        report.put("matmul_fp32", peak);
        Object peakGflops = peak.get("gflops");
        if (peakGflops instanceof Double p && p > 0) {
          report.put("utilization_vs_fp32_matmul", Stats.round(stepGflop / (median / 1000) / p, 3));
        }
      }
      report.put("cpu_features", MachineFacts.cpuFeatures());
      if (o.profile()) {
        report.put("profile", profile(stageMs, median));
      }
      report.put("machine_after", MachineFacts.describe(false));
      report.put("method", METHOD);
      return report;
    }
  }

  private static final double MIB = 1024.0 * 1024.0;

  private static final String METHOD =
      "the peer's batch (bench_torch.py make_batch) and step: features with dither, SpecAugment, encoder,"
          + " prediction network, joint + loss (+ the joint's backward), backward, gradient clipping, AdamW"
          + " (betas 0.9/0.98), gradient reset; warm-up steps untimed (the first counts forward FLOPs of"
          + " Linear/Conv/LSTM/attention products as the peer's hooks do), then each step timed from the host"
          + " batch to the update; train_step_gflop_estimate = 3 x forward; peak_rss_mb = VmHWM of the process";

  /** Per stage: median and mean milliseconds over the timed steps, and the median's share of the step. */
  private static Map<String, Object> profile(double[][] stageMs, double medianStepMs) {
    Map<String, Object> out = new LinkedHashMap<>();
    double accounted = 0;
    for (Stage stage : Stage.values()) {
      double[] ms = new double[stageMs.length];
      for (int s = 0; s < stageMs.length; s++) {
        ms[s] = stageMs[s][stage.ordinal()];
      }
      double median = Stats.median(ms);
      accounted += median;
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("median_ms", Stats.round(median, 1));
      entry.put("mean_ms", Stats.round(Stats.mean(ms), 1));
      entry.put("share", Stats.round(median / medianStepMs, 3));
      out.put(stage.jsonName, entry);
    }
    Map<String, Object> rest = new LinkedHashMap<>();
    rest.put("median_ms", Stats.round(medianStepMs - accounted, 1));
    rest.put("note", "step median minus the stages' medians (scope release, the final wait, rounding of medians)");
    out.put("unaccounted", rest);
    return out;
  }

  private static List<Double> round(double[] values, int digits) {
    List<Double> out = new ArrayList<>(values.length);
    Arrays.stream(values).forEach(v -> out.add(Stats.round(v, digits)));
    return out;
  }

  /** CPU time of the whole process (every thread), in nanoseconds, or 0 where unknown. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }
}
